package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void v5_wrong_password_gets_connack_0x86_bad_username_or_password() {
        var client = broker.v5("wrong-pw");
        assertThatThrownBy(() -> client.connectWith()
                        .simpleAuth()
                        .username("alice")
                        .password(TestBroker.bytes("nope"))
                        .applySimpleAuth()
                        .send())
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void v3_wrong_password_gets_connack_4() throws MqttException {
        MqttClient client = broker.v3("wrong-pw-v3");
        MqttConnectOptions options = TestBroker.v3Options("alice", true);
        options.setPassword("nope".toCharArray());
        assertThatThrownBy(() -> client.connect(options))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        client.close();
    }

    @Test
    void unknown_user_is_refused() {
        try (RawClient raw = new RawClient(broker.port())) {
            var connAck = raw.connect(MqttVersion.MQTT_3_1_1, "nobody-1", "nobody");
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 4);
        }
    }

    @Test
    void client_without_username_is_refused_when_anonymous_is_off() {
        try (RawClient v5 = new RawClient(broker.port());
                RawClient v3 = new RawClient(broker.port())) {
            assertThat(v5.connect(MqttVersion.MQTT_5, "anon-5", null)
                            .variableHeader()
                            .connectReturnCode()
                            .byteValue())
                    .isEqualTo((byte) 0x87);
            assertThat(v3.connect(MqttVersion.MQTT_3_1_1, "anon-3", null)
                            .variableHeader()
                            .connectReturnCode()
                            .byteValue())
                    .isEqualTo((byte) 5);
            assertThat(v5.closedByServer()).isTrue();
        }
    }

    @Test
    void anonymous_client_is_admitted_into_the_default_tenant_when_enabled() {
        try (TestBroker open = TestBroker.start(b -> b.allowAnonymous(true).defaultTenantId("tenant-a"));
                RawClient anonymous = new RawClient(open.port())) {
            assertThat(anonymous
                            .connect(MqttVersion.MQTT_5, "anon", null)
                            .variableHeader()
                            .connectReturnCode()
                            .byteValue())
                    .isEqualTo((byte) 0);
            anonymous.subscribe(1, "anon/#", 0);
            anonymous.expect(io.netty.handler.codec.mqtt.MqttMessageType.SUBACK);
            var alice = open.v5Connected("alice");
            alice.publishWith().topic("anon/x").payload(TestBroker.bytes("hi")).send();
            var p = (io.netty.handler.codec.mqtt.MqttPublishMessage)
                    anonymous.expect(io.netty.handler.codec.mqtt.MqttMessageType.PUBLISH);
            assertThat(RawClient.text(p)).isEqualTo("hi");
            alice.disconnect();
        }
    }

    @Test
    void authenticator_runs_off_the_event_loop() {
        var client = broker.v5Connected("alice");
        client.disconnect();
        assertThat(broker.authenticator.calledOnThreads).isNotEmpty().allMatch(t -> t.startsWith("mqtt-auth-"));
    }

    @Test
    void enhanced_authentication_method_gets_0x8c_bad_authentication_method() {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, "SCRAM-SHA-1"));
        try (RawClient raw = new RawClient(broker.port())) {
            var connAck = raw.connect(MqttVersion.MQTT_5, "scram", "alice", b -> b.properties(props));
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x8C);
        }
    }

    @Test
    void failing_authenticator_gets_0x88_server_unavailable() {
        ClientAuthenticator broken = request -> {
            throw new IllegalStateException("database down");
        };
        var config = MqttConfig.builder().host("127.0.0.1").port(0).wsPort(-1).build();
        MqttBroker b = new MqttBroker(config, broken, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        int port = b.start().mqttPort();
        try (RawClient raw = new RawClient(port)) {
            var connAck = raw.connect(MqttVersion.MQTT_5, "c", "alice");
            assertThat(connAck.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x88);
        } finally {
            b.stop();
        }
    }
}
