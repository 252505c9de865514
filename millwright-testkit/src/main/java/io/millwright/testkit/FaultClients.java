package io.millwright.testkit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** MQTT 5 clients of a {@link ServerProcess} for fault tests (HiveMQ client), and how to read their outcomes. */
public final class FaultClients {

    private FaultClients() {}

    /** A client with {@code clientId}, not connected. */
    public static Mqtt5BlockingClient v5(ServerProcess server, String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(server.mqttPort())
                .buildBlocking();
    }

    /** Connects as {@code device}; {@code sessionExpiry} 0 for a session that ends with the connection. */
    public static Mqtt5ConnAck connect(
            Mqtt5BlockingClient client, FaultDevice device, boolean cleanStart, long sessionExpiry) {
        return client.connectWith()
                .cleanStart(cleanStart)
                .sessionExpiryInterval(sessionExpiry)
                .simpleAuth()
                .username(device.name())
                .password(device.token().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
    }

    /** A connected client of {@code device} with a clean, non-persistent session. */
    public static Mqtt5BlockingClient connected(ServerProcess server, FaultDevice device, String clientId) {
        Mqtt5BlockingClient client = v5(server, clientId);
        connect(client, device, true, 0);
        return client;
    }

    /** Whether a QoS 1 publish completed with {@code result} or {@code error} got PUBACK SUCCESS. */
    public static boolean isSuccess(Mqtt5PublishResult result, Throwable error) {
        return pubAckReason(result, error)
                .filter(code -> code == Mqtt5PubAckReasonCode.SUCCESS)
                .isPresent();
    }

    /**
     * The PUBACK's reason code of a QoS 1 publish completed with {@code result} or {@code error} (the client fails the
     * future with {@link Mqtt5PubAckException} for an error code); empty when no PUBACK came (connection lost).
     */
    public static Optional<Mqtt5PubAckReasonCode> pubAckReason(Mqtt5PublishResult result, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof Mqtt5PubAckException refused) {
            return Optional.of(refused.getMqttMessage().getReasonCode());
        }
        if (cause == null && result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
            return Optional.of(qos1.getPubAck().getReasonCode());
        }
        return Optional.empty();
    }
}
