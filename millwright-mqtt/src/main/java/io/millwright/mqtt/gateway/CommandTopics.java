package io.millwright.mqtt.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.broker.Topics;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandEvent;
import io.millwright.core.command.CommandLimits;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.command.CommandTransport;
import io.millwright.core.event.Listeners;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.mqtt.DeliveryListener;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * Commands over MQTT: the {@link CommandTransport} of the {@link io.millwright.core.command.CommandDispatcher}, and
 * the device's results. For a device named {@code N} and a command {@code id}:
 *
 * <ul>
 *   <li>the command goes out with QoS 1 as {@code {"method": ..., "params": ...}} on {@code devices/N/commands/{id}}
 *       and, for ThingsBoard devices, on {@code v1/devices/me/rpc/request/{id}} (they subscribe to {@code
 *       v1/devices/me/rpc/request/+}); its Correlation Data is the command id and its Message Expiry Interval the
 *       command's timeout, so a copy left in an offline session does not outlive the command. A device subscribed to
 *       both forms (e.g. {@code devices/N/#}) gets both copies; the first PUBACK counts;
 *   <li>the send stage completes when one of the device's clients acknowledges it (PUBACK, seen by the {@link
 *       DeliveryListener}); it fails at once when none of the device's connected clients is subscribed to either
 *       topic, when the device refuses it (PUBACK &ge; 0x80), or when the device's last connection closes. The
 *       dispatcher then queues the command again: delivery is at least once;
 *   <li>the device answers on {@code devices/N/commands/{id}/result} with {@code {"ok": true, "result": ...}} or
 *       {@code {"ok": false, "error": "..."}}, a ThingsBoard device on {@code v1/devices/me/rpc/response/{id}} with
 *       any JSON, which is the result. Invalid results are refused (0x99 on MQTT 5) and change nothing.
 * </ul>
 *
 * {@link #isConnected} is true while a connected client of the device is subscribed to its command topics, so the
 * dispatcher holds commands until the device listens; the gateway tells the dispatcher when that changes.
 * Acknowledgements arrive on event loops; the futures are completed on the device's lane, since the dispatcher's
 * continuation writes to the command store.
 */
final class CommandTopics implements CommandTransport, DeliveryListener {

    private static final String PROBE_ID = "probe";

    private record PendingSend(String tenantId, String deviceName, String deviceId, CompletableFuture<Void> ack) {}

    private final CommandService commands;
    private final DeviceConnections connections;
    private final DeviceLanes lanes;
    private final Map<String, PendingSend> pending = new ConcurrentHashMap<>();
    private volatile MqttBroker broker;

    CommandTopics(CommandService commands, DeviceConnections connections, DeviceLanes lanes) {
        this.commands = commands;
        this.connections = connections;
        this.lanes = lanes;
    }

    /** Starts forgetting sends whose command moved on; close the registration to stop. */
    Listeners.Registration listen() {
        return commands.addListener(this::forgetUnlessSent);
    }

    void attach(MqttBroker mqttBroker) {
        this.broker = mqttBroker;
    }

    @Override
    public boolean isConnected(String tenantId, String deviceName) {
        return !listeners(tenantId, deviceName, PROBE_ID).isEmpty();
    }

    @Override
    public CompletionStage<Void> send(Command command) {
        String tenantId = command.device().tenantId();
        String name = command.device().deviceName();
        if (listeners(tenantId, name, command.id()).isEmpty()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("no connected client of " + name + " is subscribed to its commands"));
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        pending.put(
                command.id(), new PendingSend(tenantId, name, command.device().deviceId(), ack));
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("method", command.method());
        message.set("params", command.params());
        byte[] payload = JsonDocuments.print(message).getBytes(StandardCharsets.UTF_8);
        MessageProperties properties = new MessageProperties(
                1,
                Math.max(1, command.timeout().toSeconds()),
                "application/json",
                null,
                command.id().getBytes(StandardCharsets.UTF_8),
                List.of());
        broker.publish(tenantId, DeviceTopic.command(name, command.id()), payload, 1, false, properties);
        broker.publish(tenantId, DeviceTopic.thingsBoardRpcRequest(name, command.id()), payload, 1, false, properties);
        return ack;
    }

    /** A client acknowledged a message: if it is a pending command and the client is its device, it is delivered. */
    @Override
    public void acknowledged(Delivery delivery) {
        byte[] correlation = delivery.correlationData();
        if (correlation == null || !(delivery.principal() instanceof Principal.Device device)) {
            return;
        }
        String commandId = new String(correlation, StandardCharsets.UTF_8);
        PendingSend send = pending.get(commandId);
        if (send == null
                || !send.tenantId().equals(delivery.tenantId())
                || !send.deviceName().equals(device.name())
                || !pending.remove(commandId, send)) {
            return;
        }
        if (delivery.reasonCode() >= 0x80) {
            fail(
                    send,
                    "the device refused the command with reason code 0x" + Integer.toHexString(delivery.reasonCode()));
        } else {
            completeOffLoop(send, () -> send.ack().complete(null));
        }
    }

    /** The device's last connection closed: its unacknowledged sends fail, so the commands are queued again. */
    void deviceGone(String tenantId, String deviceName) {
        pending.forEach((id, send) -> {
            if (send.tenantId().equals(tenantId) && send.deviceName().equals(deviceName) && pending.remove(id, send)) {
                fail(send, "the device disconnected before acknowledging");
            }
        });
    }

    /** Whether a client subscribing to {@code filter} (as sent) receives the device's commands. */
    static boolean coversCommands(Principal.Device device, String filter) {
        String f = TwinTopics.withoutShare(filter);
        return Topics.matches(f, DeviceTopic.command(device.name(), PROBE_ID))
                || Topics.matches(f, "v1/devices/me/rpc/request/" + PROBE_ID)
                || Topics.matches(f, DeviceTopic.thingsBoardRpcRequest(device.name(), PROBE_ID));
    }

    /** {@code devices/N/commands/{id}/result}. */
    CompletionStage<PublishOutcome> result(DevicePublish p) {
        String result = p.text();
        return complete(p, () -> result);
    }

    /** {@code v1/devices/me/rpc/response/{id}}: any JSON value is the result. */
    CompletionStage<PublishOutcome> thingsBoardResponse(DevicePublish p) {
        String text = p.text();
        return complete(p, () -> {
            JsonNode value = JsonDocuments.parse("result", text, CommandLimits.DEFAULTS.maxResultBytes());
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            wrapped.put("ok", true);
            wrapped.set("result", value);
            return JsonDocuments.print(wrapped);
        });
    }

    private CompletionStage<PublishOutcome> complete(DevicePublish p, Supplier<String> result) {
        return Outcomes.settle(
                lanes.submit(p.device().deviceId(), () -> {
                    commands.completeFromDevice(p.device(), p.topic().id(), result.get());
                    return PublishOutcome.accepted();
                }),
                p);
    }

    /** The client ids of the device that are connected and subscribed to command {@code commandId}'s topics. */
    private Set<String> listeners(String tenantId, String deviceName, String commandId) {
        Set<String> connected = connections.clientsOf(tenantId, deviceName);
        if (connected.isEmpty()) {
            return Set.of();
        }
        Set<String> subscribed =
                new HashSet<>(broker.subscribers(tenantId, DeviceTopic.command(deviceName, commandId)));
        subscribed.addAll(broker.subscribers(tenantId, DeviceTopic.thingsBoardRpcRequest(deviceName, commandId)));
        subscribed.retainAll(connected);
        return subscribed;
    }

    /** A command that left SENT (delivered, timed out, answered, re-queued) is no longer awaited here. */
    private void forgetUnlessSent(CommandEvent event) {
        if (event instanceof CommandEvent.StatusChanged changed
                && changed.command().status() != CommandStatus.SENT) {
            pending.remove(changed.command().id());
        }
    }

    private void fail(PendingSend send, String why) {
        completeOffLoop(send, () -> send.ack().completeExceptionally(new IllegalStateException(why)));
    }

    /** Completes on the device's lane (the dispatcher's continuation writes to the store), never on an event loop. */
    private void completeOffLoop(PendingSend send, Runnable completion) {
        if (!lanes.execute(send.deviceId(), completion)) {
            ForkJoinPool.commonPool().execute(completion);
        }
    }
}
