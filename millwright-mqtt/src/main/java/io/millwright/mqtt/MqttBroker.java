package io.millwright.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.core.auth.Principal;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.SessionStore;
import io.millwright.mqtt.server.BrokerRuntime;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 and 5.0 broker: TCP and WebSocket listeners on Netty NIO, per-tenant topic namespaces, sessions,
 * retained messages, wills, shared subscriptions and the platform hooks.
 *
 * <p>Wiring: construct with the configuration, a {@link ClientAuthenticator}, a {@link PublishInterceptor} (or {@link
 * PublishInterceptor#NONE}), the {@link SessionStore} and {@link RetainedMessageStore} (in-memory by default), and a
 * Micrometer registry; add listeners; {@link #start()}; {@link #stop()} on shutdown. Thread-safe.
 */
public final class MqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

    /** The ports the listeners are bound to; -1 for a disabled listener. */
    public record BoundPorts(int mqttPort, int wsPort) {}

    private final MqttConfig config;
    private final BrokerRuntime runtime;
    private BoundPorts ports;

    public MqttBroker(
            MqttConfig config,
            ClientAuthenticator authenticator,
            PublishInterceptor interceptor,
            SessionStore sessionStore,
            RetainedMessageStore retainedStore,
            MeterRegistry meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = new BrokerRuntime(
                config,
                Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(interceptor, "interceptor"),
                Objects.requireNonNull(sessionStore, "sessionStore"),
                Objects.requireNonNull(retainedStore, "retainedStore"),
                Objects.requireNonNull(meters, "meters"));
    }

    /** A broker with no interceptor and in-memory session and retained stores. */
    public MqttBroker(MqttConfig config, ClientAuthenticator authenticator, MeterRegistry meters) {
        this(
                config,
                authenticator,
                PublishInterceptor.NONE,
                new InMemorySessionStore(),
                new InMemoryRetainedMessageStore(),
                meters);
    }

    /** Adds a listener for clients connecting and disconnecting; best added before {@link #start()}. */
    public void addConnectionListener(ConnectionListener listener) {
        runtime.addConnectionListener(Objects.requireNonNull(listener));
    }

    /** Adds a listener for outbound QoS 1/2 acknowledgements; best added before {@link #start()}. */
    public void addDeliveryListener(DeliveryListener listener) {
        runtime.addDeliveryListener(Objects.requireNonNull(listener));
    }

    /** Adds a listener for granted subscriptions; best added before {@link #start()}. */
    public void addSubscriptionListener(SubscriptionListener listener) {
        runtime.addSubscriptionListener(Objects.requireNonNull(listener));
    }

    /**
     * Restores stored sessions and retained messages, then binds the listeners.
     *
     * @throws IllegalStateException when already started or a port cannot be bound
     */
    public synchronized BoundPorts start() {
        if (ports != null) {
            throw new IllegalStateException("already started");
        }
        if (config.allowAnonymous()) {
            LOG.warn(
                    "MQTT ANONYMOUS ACCESS IS ENABLED: clients without credentials are admitted into tenant '{}'. "
                            + "Use this for development only.",
                    config.defaultTenantId());
        }
        try {
            int[] bound = runtime.start();
            ports = new BoundPorts(bound[0], bound[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.stop();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            runtime.stop();
            throw new IllegalStateException("could not start the MQTT broker: " + e.getMessage(), e);
        }
        LOG.info("MQTT broker listening on {} port {} (WebSocket {})", config.host(), ports.mqttPort(), ports.wsPort());
        return ports;
    }

    /** Disconnects every client (DISCONNECT 0x8B on MQTT 5) and releases the ports. Idempotent. */
    public synchronized void stop() {
        runtime.stop();
        ports = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Publishes a platform-originated message (twin update, command) into {@code tenantId}'s namespace, exactly like a
     * client PUBLISH: delivered to matching subscribers, queued for offline persistent sessions (QoS 1/2), retained
     * when {@code retain} (an empty payload clears). Not subject to {@code TopicAccess}. Acknowledgements by clients
     * are reported to {@link DeliveryListener}s; use correlation data to recognise the message.
     *
     * @return the number of sessions the message was routed to
     */
    public int publish(
            String tenantId, String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
        return runtime.publish(
                Objects.requireNonNull(tenantId, "tenantId"),
                Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(payload, "payload"),
                qos,
                retain,
                properties == null ? MessageProperties.NONE : properties);
    }

    /**
     * Publishes a platform-originated message to one client's session only, e.g. what a device must catch up on when it
     * subscribes: delivered (or queued, when the session is offline and persistent) if one of the session's
     * subscriptions matches {@code topic}, with that subscription's options (including the device mount); never
     * retained, never seen by other subscribers.
     *
     * @return whether the session exists and has a matching subscription
     */
    public boolean publishTo(
            String tenantId, String clientId, String topic, byte[] payload, int qos, MessageProperties properties) {
        return runtime.publishTo(
                Objects.requireNonNull(tenantId, "tenantId"),
                Objects.requireNonNull(clientId, "clientId"),
                Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(payload, "payload"),
                qos,
                properties == null ? MessageProperties.NONE : properties);
    }

    /**
     * The client ids of {@code tenantId}'s sessions, connected or not, with a subscription matching the topic name
     * {@code topic} (members of shared subscriptions included). A weakly consistent snapshot; any thread.
     */
    public Set<String> subscribers(String tenantId, String topic) {
        return runtime.subscribers(
                Objects.requireNonNull(tenantId, "tenantId"), Objects.requireNonNull(topic, "topic"));
    }

    /**
     * Disconnects every connected client whose principal matches, e.g. after its credentials were revoked: MQTT 5
     * clients receive DISCONNECT 0x98 Administrative action. The sessions themselves live on until they expire.
     *
     * @return how many connections are being closed
     */
    public int disconnect(Predicate<Principal> which) {
        return runtime.disconnect(Objects.requireNonNull(which));
    }

    /** Currently connected clients. */
    public int connectionCount() {
        return runtime.connectionCount();
    }
}
