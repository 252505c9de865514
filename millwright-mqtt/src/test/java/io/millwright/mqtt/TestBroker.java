package io.millwright.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An in-process broker on ephemeral ports with the {@link TestAuthenticator}, and clients for it. */
final class TestBroker implements AutoCloseable {

    final TestAuthenticator authenticator = new TestAuthenticator();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MqttBroker broker;
    final MqttBroker.BoundPorts ports;

    private TestBroker(MqttConfig config, PublishInterceptor interceptor) {
        broker = new MqttBroker(
                config,
                authenticator,
                interceptor,
                new InMemorySessionStore(),
                new InMemoryRetainedMessageStore(),
                meters);
        ports = broker.start();
    }

    static TestBroker start() {
        return start(b -> b);
    }

    static TestBroker start(UnaryOperator<MqttConfig.Builder> config) {
        return start(config, PublishInterceptor.NONE);
    }

    static TestBroker start(UnaryOperator<MqttConfig.Builder> config, PublishInterceptor interceptor) {
        MqttConfig c = config.apply(
                        MqttConfig.builder().host("127.0.0.1").port(0).wsPort(0))
                .build();
        return new TestBroker(c, interceptor);
    }

    int port() {
        return ports.mqttPort();
    }

    /** A HiveMQ MQTT 5 client, not yet connected. */
    Mqtt5BlockingClient v5(String clientId) {
        return Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port())
                .buildBlocking();
    }

    /** A HiveMQ MQTT 5 client connected as {@code user} with a clean start. */
    Mqtt5BlockingClient v5Connected(String user) {
        Mqtt5BlockingClient client = v5(user + "-" + UUID.randomUUID());
        client.connectWith()
                .simpleAuth()
                .username(user)
                .password(TestAuthenticator.PASSWORD.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        return client;
    }

    /** A Paho MQTT 3.1.1 client connected as {@code user} with a clean session. */
    MqttClient v3Connected(String user) throws MqttException {
        MqttClient client = v3(user + "-" + UUID.randomUUID());
        client.connect(v3Options(user, true));
        return client;
    }

    MqttClient v3(String clientId) throws MqttException {
        return new MqttClient("tcp://127.0.0.1:" + port(), clientId, new MemoryPersistence());
    }

    static MqttConnectOptions v3Options(String user, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(user);
        options.setPassword(TestAuthenticator.PASSWORD.toCharArray());
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        return options;
    }

    static Optional<Mqtt5Publish> receive(Mqtt5BlockingClient.Mqtt5Publishes publishes, long millis) {
        try {
            return publishes.receive(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        return receive(publishes, 5000).orElseThrow(() -> new AssertionError("no message within 5 s"));
    }

    static Mqtt5BlockingClient.Mqtt5Publishes publishes(Mqtt5BlockingClient client) {
        return client.publishes(MqttGlobalPublishFilter.ALL);
    }

    static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        broker.stop();
    }
}
