package io.millwright.mqtt.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.CommandDispatcher;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandTransport;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.event.Listeners;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.mqtt.ClientInfo;
import io.millwright.mqtt.InboundPublish;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.PublishInterceptor;
import io.millwright.mqtt.PublishOutcome;
import io.millwright.mqtt.SubscriptionListener;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device gateway: connects the MQTT device API to the twin, command and connectivity services.
 *
 * <pre>
 *  device PUBLISH ─▶ broker ─▶ DeviceGateway.intercept ─▶ DeviceTopic.parse ─▶ handler by kind
 *                                   │                          TWIN_*                 ─▶ TwinTopics
 *                                   │                          THINGSBOARD_ATTRIBUTES* ─▶ ThingsBoardAttributes
 *                                   │                          COMMAND_RESULT, *_RPC_* ─▶ CommandTopics
 *                                   │                          TELEMETRY, ...          ─▶ (delegate, or routed)
 *                                   └─▶ ConnectivityService.seen
 *  TwinService  ─DesiredChanged─▶ TwinTopics, ThingsBoardAttributes ─▶ broker.publish
 *  CommandDispatcher ─send─▶ CommandTopics ─▶ broker.publish ─PUBACK─▶ DeliveryListener ─▶ delivered
 *  broker connect/disconnect ─▶ DeviceConnections ─▶ ConnectivityService, dispatcher, twin catch-up
 *  broker SUBACK ─▶ subscribed ─▶ twin catch-up, dispatcher
 * </pre>
 *
 * The interceptor and listeners run on the broker's event loops and never block: every service call runs on the
 * gateway's {@link DeviceLanes}, in order per device, and a full lane refuses rather than buffers. Topics are those
 * of a device's own subtree ({@code devices/N/...}, with ThingsBoard's {@code v1/devices/me/...} mounted on {@code
 * devices/N/tb/...} by the broker); other clients' messages are routed as usual. Telemetry topics have no handler
 * here: another subsystem may register one with {@link #handle}.
 *
 * <p>Wiring: construct, pass it as the broker's {@link PublishInterceptor} and {@link #commandTransport()} to the
 * {@link CommandDispatcher}, then {@link #attach} both before starting the broker; {@link #close()} after the broker
 * stopped.
 */
public final class DeviceGateway implements PublishInterceptor, SubscriptionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceGateway.class);

    private final DeviceLanes lanes;
    private final DeviceConnections connections;
    private final TwinTopics twinTopics;
    private final ThingsBoardAttributes attributes;
    private final CommandTopics commandTopics;
    private final TwinService twins;
    /** Replaced as a whole by {@link #handle}, read by event loops without locking. */
    private volatile Map<DeviceTopic.Kind, DeviceTopicHandler> handlers;

    private final List<Listeners.Registration> registrations = new ArrayList<>();
    private volatile CommandDispatcher dispatcher;

    public DeviceGateway(
            TwinService twins, CommandService commands, ConnectivityService connectivity, GatewayConfig config) {
        this.twins = Objects.requireNonNull(twins, "twins");
        this.lanes = new DeviceLanes(Objects.requireNonNull(config, "config"));
        this.connections = new DeviceConnections(Objects.requireNonNull(connectivity, "connectivity"));
        this.twinTopics = new TwinTopics(twins, lanes);
        this.attributes = new ThingsBoardAttributes(twins, lanes);
        this.commandTopics = new CommandTopics(Objects.requireNonNull(commands, "commands"), connections, lanes);
        Map<DeviceTopic.Kind, DeviceTopicHandler> own = new EnumMap<>(DeviceTopic.Kind.class);
        own.put(DeviceTopic.Kind.TWIN_REPORTED, twinTopics::reported);
        own.put(DeviceTopic.Kind.TWIN_GET, twinTopics::get);
        own.put(DeviceTopic.Kind.THINGSBOARD_ATTRIBUTES, twinTopics::reported);
        own.put(DeviceTopic.Kind.THINGSBOARD_ATTRIBUTES_REQUEST, attributes::request);
        own.put(DeviceTopic.Kind.COMMAND_RESULT, commandTopics::result);
        own.put(DeviceTopic.Kind.THINGSBOARD_RPC_RESPONSE, commandTopics::thingsBoardResponse);
        this.handlers = own;
        connections.addListener(new DeviceConnections.Listener() {
            @Override
            public void connected(ClientInfo client, Principal.Device device) {
                onConnected(client, device);
            }

            @Override
            public void disconnected(ClientInfo client, Principal.Device device, boolean last) {
                if (last) {
                    commandTopics.deviceGone(device.tenantId(), device.name());
                }
            }
        });
    }

    /** The transport to give the {@link CommandDispatcher}. */
    public CommandTransport commandTransport() {
        return commandTopics;
    }

    /**
     * Lets another subsystem take the PUBLISHes of one kind (e.g. telemetry), replacing any handler the gateway has for
     * it. Call before the broker starts.
     */
    public synchronized void handle(DeviceTopic.Kind kind, DeviceTopicHandler handler) {
        Map<DeviceTopic.Kind, DeviceTopicHandler> next = new EnumMap<>(handlers);
        next.put(Objects.requireNonNull(kind), Objects.requireNonNull(handler));
        handlers = next;
    }

    /**
     * Takes device telemetry over MQTT ({@code devices/N/telemetry}, {@code v1/devices/me/telemetry}) into {@code
     * telemetry}, acknowledged once committed, and republishes every committed batch from any source on {@code
     * devices/N/telemetry}. Call before the broker starts.
     */
    public synchronized void attachTelemetry(
            TelemetryService telemetry,
            TelemetryIngest ingest,
            DeviceStore devices,
            MqttBroker broker,
            MeterRegistry meters) {
        TelemetryTopics topics = new TelemetryTopics(telemetry, meters);
        handle(DeviceTopic.Kind.TELEMETRY, topics);
        handle(DeviceTopic.Kind.THINGSBOARD_TELEMETRY, topics);
        ingest.addListener(new TelemetryRepublisher(broker, devices));
    }

    /** Registers with the broker and the twin service, and remembers the dispatcher to wake. Before the broker starts. */
    public synchronized void attach(MqttBroker broker, CommandDispatcher commandDispatcher) {
        this.dispatcher = Objects.requireNonNull(commandDispatcher, "commandDispatcher");
        twinTopics.attach(broker);
        attributes.attach(broker);
        commandTopics.attach(broker);
        broker.addConnectionListener(connections);
        broker.addDeliveryListener(commandTopics);
        broker.addSubscriptionListener(this);
        registrations.add(twins.addListener(twinTopics::changed));
        registrations.add(twins.addListener(attributes::changed));
        registrations.add(commandTopics.listen());
    }

    @Override
    public Optional<CompletionStage<PublishOutcome>> intercept(InboundPublish publish) {
        if (!(publish.principal() instanceof Principal.Device device)) {
            return Optional.empty();
        }
        connections.seen(device);
        Optional<DeviceTopic> topic = DeviceTopic.parse(device.name(), publish.topic());
        DeviceTopicHandler handler = topic.map(t -> handlers.get(t.kind())).orElse(null);
        if (handler == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(handler.handle(new DevicePublish(device, topic.get(), publish)));
        } catch (RuntimeException e) {
            LOG.warn("Handler for {} failed", topic.get().kind(), e);
            return Optional.of(CompletableFuture.failedFuture(e));
        }
    }

    /** After SUBACK, on the event loop: catch-up for the desired state, and queued commands once commands are heard. */
    @Override
    public void subscribed(ClientInfo client, String filter) {
        if (!(client.principal() instanceof Principal.Device device)) {
            return;
        }
        if (TwinTopics.coversDesired(device, filter)) {
            twinTopics.catchUp(client, device);
        }
        if (CommandTopics.coversCommands(device, filter)) {
            wakeDispatcher(device);
        }
    }

    /**
     * On the event loop, right after CONNACK and before any later packet of the connection: a resumed session that is
     * already subscribed to the desired topic gets the catch-up now; queued commands flow if it listens to them.
     */
    private void onConnected(ClientInfo client, Principal.Device device) {
        if (twinTopics.isSubscribed(client, device)) {
            twinTopics.catchUp(client, device);
        }
        wakeDispatcher(device);
    }

    private void wakeDispatcher(Principal.Device device) {
        CommandDispatcher d = dispatcher;
        if (d != null) {
            d.deviceConnected(device.tenantId(), device.deviceId());
        }
    }

    /** Stops listening to the twin service, finishes queued work and the connectivity record. After the broker stopped. */
    @Override
    public synchronized void close() {
        registrations.forEach(Listeners.Registration::close);
        registrations.clear();
        lanes.close();
        connections.close();
    }
}
