package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the broker acknowledged survives a restart of the platform; sessions stay with their owner. */
class DurableSessionIT {

    private static Mqtt5BlockingClient client(TestPlatform platform, String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(platform.mqttPort())
                .buildBlocking();
    }

    private static Mqtt5ConnAck connect(Mqtt5BlockingClient client, String username, String password, boolean clean) {
        return client.connectWith()
                .cleanStart(clean)
                .sessionExpiryInterval(3600)
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
    }

    @Test
    void a_qos1_message_acknowledged_for_an_offline_session_is_delivered_after_a_restart() throws Exception {
        try (TestPlatform platform = TestPlatform.start()) {
            ApiClient admin = platform.api().loginAsAdmin();
            String token = admin.createDevice("durable-sub").path("token").asText();
            String appToken = admin.post("/api/v1/tokens", Map.of("name", "durable-app"))
                    .json()
                    .path("token")
                    .asText();

            Mqtt5BlockingClient device = client(platform, "durable-sub-1");
            connect(device, "durable-sub", token, true);
            device.subscribeWith()
                    .topicFilter("devices/durable-sub/inbox")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            device.disconnect();

            Mqtt5BlockingClient app = client(platform, "durable-app-1");
            connect(app, "admin", appToken, true);
            var ack = app.publishWith()
                    .topic("devices/durable-sub/inbox")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("survive".getBytes(StandardCharsets.UTF_8))
                    .send();
            assertThat(ack.getError()).isEmpty();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) ack).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            app.disconnect();

            platform.restart();

            Mqtt5BlockingClient again = client(platform, "durable-sub-1");
            try (Mqtt5BlockingClient.Mqtt5Publishes received = again.publishes(MqttGlobalPublishFilter.ALL)) {
                Mqtt5ConnAck connAck = connect(again, "durable-sub", token, false);
                assertThat(connAck.isSessionPresent()).isTrue();
                Optional<Mqtt5Publish> message = received.receive(10, TimeUnit.SECONDS);
                assertThat(message).isPresent();
                assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("survive");
            }
            again.disconnect();
        }
    }

    @Test
    void after_a_restart_another_device_cannot_inherit_a_devices_session() {
        try (TestPlatform platform = TestPlatform.start()) {
            ApiClient admin = platform.api().loginAsAdmin();
            String ownerToken = admin.createDevice("owner-dev").path("token").asText();
            JsonNode other = admin.createDevice("other-dev");

            Mqtt5BlockingClient owner = client(platform, "shared-client-id");
            connect(owner, "owner-dev", ownerToken, true);
            owner.disconnect();

            platform.restart();

            Mqtt5BlockingClient thief = client(platform, "shared-client-id");
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            connect(thief, "other-dev", other.path("token").asText(), false))
                    .isInstanceOfSatisfying(
                            com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
            Mqtt5BlockingClient back = client(platform, "shared-client-id");
            assertThat(connect(back, "owner-dev", ownerToken, false).isSessionPresent())
                    .isTrue();
            back.disconnect();
        }
    }
}
