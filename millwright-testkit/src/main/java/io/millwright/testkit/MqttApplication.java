package io.millwright.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application connected to the platform's broker with a user name and API token (HiveMQ MQTT 5 client), recording
 * every message it receives: what integration tests use to watch device traffic.
 *
 * <pre>{@code
 * try (MqttApplication app = MqttApplication.connect(platform, "admin", apiToken).subscribe("devices/+/telemetry")) {
 *     await().until(() -> app.received("devices/pump-1/telemetry").size() == 3);
 * }
 * }</pre>
 */
public final class MqttApplication implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A received message. */
    public record Message(String topic, String payload) {
        public JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private final Mqtt5BlockingClient client;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    private MqttApplication(Mqtt5BlockingClient client) {
        this.client = client;
        client.toAsync()
                .publishes(
                        MqttGlobalPublishFilter.ALL,
                        publish -> received.add(new Message(
                                publish.getTopic().toString(),
                                new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))));
    }

    /** Connects to the platform's MQTT port with clean start. */
    public static MqttApplication connect(TestPlatform platform, String username, String apiToken) {
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("app-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(platform.mqttPort())
                .buildBlocking();
        MqttApplication application = new MqttApplication(client);
        client.connectWith()
                .simpleAuth()
                .username(username)
                .password(apiToken.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        return application;
    }

    /** Subscribes with QoS 1 and waits for the SUBACK. */
    public MqttApplication subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return this;
    }

    /** Publishes with QoS 1 and waits for the PUBACK. */
    public void publish(String topic, String payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** Everything received so far, in arrival order. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    /** What was received on one topic, in arrival order. */
    public List<Message> received(String topic) {
        return received.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
