package io.millwright.mqtt.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.broker.Topics;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinEvent;
import io.millwright.core.twin.TwinService;
import io.millwright.mqtt.ClientInfo;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin over MQTT, for a device named {@code N}:
 *
 * <ul>
 *   <li>{@code devices/N/twin/reported}: the device publishes a merge patch (RFC 7396; {@code null} removes a key)
 *       of its reported state; it is acknowledged once stored ({@link TwinService#patchReported}). A malformed or
 *       oversized patch is refused (0x99 / 0x97 on MQTT 5, dropped on MQTT 3.1.1) and changes nothing;
 *   <li>{@code devices/N/twin/desired}: every desired change is published as {@code {"version": n, "desired":
 *       {changed keys, null for removed}}} (QoS 1). When a device subscribes to it, and when a device whose
 *       persistent session is subscribed to it reconnects, that client alone gets the current delta (desired keys
 *       differing from reported) in the same form, if it is not empty: a device that missed changes while offline
 *       receives their merged effect once. Devices should ignore a version they have already applied;
 *   <li>{@code devices/N/twin/get}: the device asks for the whole twin, answered with {@code {"reported": {...},
 *       "desired": {...}, "version": {"reported": r, "desired": d}}} on the request's MQTT 5 Response Topic (with its
 *       Correlation Data), which must lie in the device's own {@code devices/N/} subtree, or else on {@code
 *       devices/N/twin}.
 * </ul>
 *
 * Service calls run on the device's {@link DeviceLanes lane}; the twin listener runs on the patching thread and only
 * publishes, which does not block.
 */
final class TwinTopics {

    private static final Logger LOG = LoggerFactory.getLogger(TwinTopics.class);

    private final TwinService twins;
    private final DeviceLanes lanes;
    private volatile MqttBroker broker;

    TwinTopics(TwinService twins, DeviceLanes lanes) {
        this.twins = twins;
        this.lanes = lanes;
    }

    void attach(MqttBroker mqttBroker) {
        this.broker = mqttBroker;
    }

    /** {@code devices/N/twin/reported} and ThingsBoard client attributes. */
    CompletionStage<PublishOutcome> reported(DevicePublish p) {
        String patch = p.text();
        return Outcomes.settle(
                lanes.submit(p.device().deviceId(), () -> {
                    twins.patchReported(p.device(), patch);
                    return PublishOutcome.accepted();
                }),
                p);
    }

    /** {@code devices/N/twin/get}. */
    CompletionStage<PublishOutcome> get(DevicePublish p) {
        Principal.Device device = p.device();
        MessageProperties request = p.publish().properties();
        String responseTopic = request.responseTopic();
        if (responseTopic != null && !isOwnTopic(device, responseTopic)) {
            return CompletableFuture.completedFuture(
                    PublishOutcome.failed(0x87, "the response topic must be in " + DeviceTopic.base(device.name())));
        }
        String topic = responseTopic == null ? DeviceTopic.twin(device.name()) : responseTopic;
        MessageProperties response =
                new MessageProperties(1, null, "application/json", null, request.correlationData(), List.of());
        return Outcomes.settle(
                lanes.submit(device.deviceId(), () -> {
                    Twin twin = twins.get(device, device.deviceId());
                    publish(device.tenantId(), topic, document(twin), response);
                    return PublishOutcome.accepted();
                }),
                p);
    }

    /** A committed twin change: desired changes go to the device. */
    void changed(TwinEvent event) {
        if (event instanceof TwinEvent.DesiredChanged desired) {
            publish(
                    desired.device().tenantId(),
                    DeviceTopic.twinDesired(desired.device().deviceName()),
                    desiredMessage(desired.version(), desired.patch()),
                    jsonProperties());
        }
    }

    /** Whether a client subscribing to {@code filter} (as sent) receives the device's desired changes. */
    static boolean coversDesired(Principal.Device device, String filter) {
        return Topics.matches(withoutShare(filter), DeviceTopic.twinDesired(device.name()));
    }

    /** Whether the client's (persistent) session is already subscribed to the device's desired topic. */
    boolean isSubscribed(ClientInfo client, Principal.Device device) {
        return broker.subscribers(device.tenantId(), DeviceTopic.twinDesired(device.name()))
                .contains(client.clientId());
    }

    /** Sends {@code client} alone the device's current delta, if any; on the device's lane. */
    void catchUp(ClientInfo client, Principal.Device device) {
        lanes.execute(device.deviceId(), () -> {
            TwinService.DesiredDelta delta = twins.catchUp(device);
            if (!delta.delta().isEmpty()) {
                broker.publishTo(
                        device.tenantId(),
                        client.clientId(),
                        DeviceTopic.twinDesired(device.name()),
                        desiredMessage(delta.desiredVersion(), delta.delta()).getBytes(StandardCharsets.UTF_8),
                        1,
                        jsonProperties());
            }
        });
    }

    static String withoutShare(String filter) {
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            return slash < 0 ? filter : filter.substring(slash + 1);
        }
        return filter;
    }

    static MessageProperties jsonProperties() {
        return new MessageProperties(1, null, "application/json", null, null, List.of());
    }

    private static boolean isOwnTopic(Principal.Device device, String topic) {
        return Topics.isValidTopicName(topic) && Topics.matches(DeviceTopic.base(device.name()) + "/#", topic);
    }

    private void publish(String tenantId, String topic, String json, MessageProperties properties) {
        try {
            broker.publish(tenantId, topic, json.getBytes(StandardCharsets.UTF_8), 1, false, properties);
        } catch (RuntimeException e) {
            LOG.warn("Could not publish to {}", topic, e);
        }
    }

    private static String desiredMessage(long version, ObjectNode desired) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("version", version);
        message.set("desired", desired);
        return JsonDocuments.print(message);
    }

    private static String document(Twin twin) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("reported", twin.reported().document());
        doc.set("desired", twin.desired().document());
        ObjectNode version = doc.putObject("version");
        version.put("reported", twin.reported().version());
        version.put("desired", twin.desired().version());
        return JsonDocuments.print(doc);
    }
}
