package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.millwright.testkit.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT clients of a {@link TestPlatform}: devices with their registry credentials, JSON payload helpers. */
final class MqttClients {

    static final ObjectMapper JSON = new ObjectMapper();

    private MqttClients() {}

    /** A HiveMQ MQTT 5 client with {@code clientId}, not connected. */
    static Mqtt5BlockingClient v5(TestPlatform platform, String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(platform.mqttPort())
                .buildBlocking();
    }

    /** Connects as device {@code name}; {@code expiry} 0 for a session that ends with the connection. */
    static Mqtt5ConnAck connect(Mqtt5BlockingClient client, String name, String token, boolean clean, long expiry) {
        return client.connectWith()
                .cleanStart(clean)
                .sessionExpiryInterval(expiry)
                .simpleAuth()
                .username(name)
                .password(token.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
    }

    /** A connected device with a clean, non-persistent session. */
    static Mqtt5BlockingClient device(TestPlatform platform, String name, String token) {
        Mqtt5BlockingClient client = v5(platform, name + "-" + java.util.UUID.randomUUID());
        connect(client, name, token, true, 0);
        return client;
    }

    static Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        return client.publishes(MqttGlobalPublishFilter.ALL);
    }

    /** The next message within {@code seconds}, or an assertion failure. */
    static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes, int seconds) {
        try {
            Optional<Mqtt5Publish> p = publishes.receive(seconds, TimeUnit.SECONDS);
            assertThat(p).as("a message within %s s", seconds).isPresent();
            return p.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message within 10 s. */
    static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        return next(publishes, 10);
    }

    /** Whether any message arrives within {@code millis}; for "nothing more" checks after the expected ones. */
    static Optional<Mqtt5Publish> maybeNext(Mqtt5BlockingClient.Mqtt5Publishes publishes, long millis) {
        try {
            return publishes.receive(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(Mqtt5Publish p) {
        return json(p.getPayloadAsBytes());
    }

    static JsonNode json(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes {@code payload} with QoS 1 and returns the PUBACK reason code, error codes included. */
    static Mqtt5PubAckReasonCode pubAck(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            Mqtt5PublishResult result = client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(payload))
                    .send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** A Paho MQTT 3.1.1 client connected ThingsBoard-style: the access token as username, no password. */
    static org.eclipse.paho.client.mqttv3.MqttClient thingsBoard(TestPlatform platform, String token)
            throws MqttException {
        org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + platform.mqttPort(), "tb-" + java.util.UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(token);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        client.connect(options);
        return client;
    }
}
