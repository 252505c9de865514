package io.millwright.device;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;

/**
 * One MQTT connection attempt and, once connected, the connection itself; a reconnect creates a new transport. Two
 * implementations: {@link Paho5Transport} and {@link Paho3Transport}; tests use fakes.
 *
 * <p>Futures complete on a Paho thread; callers hop to their own executor. {@link Listener} methods likewise.
 */
interface MqttTransport {

    /** Connection settings that do not change between attempts, plus the server address of this attempt. */
    record Settings(
            ServerAddress server,
            String clientId,
            String username,
            byte[] password,
            Duration keepAlive,
            Duration connectTimeout,
            int maxInFlight,
            SocketFactory socketFactory,
            DeviceRuntime runtime) {}

    /** Events of an established connection. */
    interface Listener {
        void messageArrived(String topic, byte[] payload);

        /** The connection ended without {@link #close()}: network loss, server DISCONNECT, keep-alive timeout. */
        void connectionLost(Throwable cause);
    }

    /** Creates transports; the device holds one so tests can substitute fakes. */
    @FunctionalInterface
    interface Factory {
        MqttTransport create(Settings settings, MqttProtocol protocol, Listener listener);
    }

    /** The default factory: Paho's MQTT 5 or MQTT 3.1.1 client. */
    Factory PAHO = (settings, protocol, listener) -> switch (protocol) {
        case V5 -> new Paho5Transport(settings, listener);
        case V3_1_1 -> new Paho3Transport(settings, listener);
    };

    MqttProtocol protocol();

    /** Opens the connection (clean session); fails with {@link ConnectFailure}. */
    CompletableFuture<Void> connect();

    /** Subscribes with QoS 1; completes on SUBACK (refused filters are logged, not failed). */
    CompletableFuture<Void> subscribe(List<String> filters);

    /**
     * Publishes; with QoS 1 completes on PUBACK, with QoS 0 once written. Fails with a {@link DeviceException} of reason
     * {@link DeviceException.Reason#REFUSED} on a negative acknowledgement, with anything else when the connection
     * failed.
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos);

    /**
     * Ends the connection: sends DISCONNECT if {@code graceful} and still connected (waiting at most a second), then
     * releases the client. Never throws; may block briefly, so callers run it off their event loop.
     */
    void close(boolean graceful);
}
