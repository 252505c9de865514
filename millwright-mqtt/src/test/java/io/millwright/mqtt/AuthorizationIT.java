package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.device.TopicGrant;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthorizationIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.denySubscribe(List.of("test/nosubscribe")));
        broker.authenticator.device(
                "sensor-reader", "tenant-a", new TopicGrant(TopicGrant.Action.SUBSCRIBE, "devices/sensor-7/telemetry"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static List<Integer> suback(RawClient raw) {
        return ((MqttSubAckMessage) raw.expect(MqttMessageType.SUBACK))
                .payload()
                .reasonCodes();
    }

    @Test
    void device_may_subscribe_only_to_its_own_subtree_v5_0x87() {
        try (RawClient pump = new RawClient(broker.port())) {
            pump.connect(MqttVersion.MQTT_5, "pump-1", "pump-1");
            pump.subscribe(1, "devices/pump-2/#", 1);
            assertThat(suback(pump)).containsExactly(0x87);
            pump.subscribe(2, "devices/pump-1/#", 1);
            assertThat(suback(pump)).containsExactly(1);
        }
    }

    @Test
    void device_denied_subscribe_on_v3_is_0x80() {
        try (RawClient pump = new RawClient(broker.port())) {
            pump.connect(MqttVersion.MQTT_3_1_1, "pump-1-v3", "pump-1");
            pump.subscribe(1, "devices/#", 0);
            assertThat(suback(pump)).containsExactly(0x80);
        }
    }

    @Test
    void subscribe_grant_allows_exactly_the_covered_filters() {
        try (RawClient reader = new RawClient(broker.port())) {
            reader.connect(MqttVersion.MQTT_5, "reader", "sensor-reader");
            reader.subscribe(1, "devices/sensor-7/telemetry", 0);
            assertThat(suback(reader)).containsExactly(0);
            reader.subscribe(2, "devices/sensor-7/+", 0);
            assertThat(suback(reader)).containsExactly(0x87);
        }
    }

    @Test
    void deny_subscribe_list_fails_for_everyone_v5_and_v3() throws MqttException {
        try (RawClient v5 = new RawClient(broker.port())) {
            v5.connect(MqttVersion.MQTT_5, "deny-5", "alice");
            v5.subscribe(1, "test/nosubscribe", 0);
            assertThat(suback(v5)).containsExactly(0x80);
        }
        MqttClient paho = broker.v3Connected("alice");
        assertThatThrownBy(() -> paho.subscribe("test/nosubscribe", 0))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
        paho.disconnect();
        paho.close();
    }

    @Test
    void denied_publish_is_not_delivered_and_gets_puback_0x87_on_v5() {
        try (RawClient watcher = new RawClient(broker.port());
                RawClient pump = new RawClient(broker.port())) {
            watcher.connect(MqttVersion.MQTT_5, "watcher", "alice");
            watcher.subscribe(1, "devices/#", 1);
            suback(watcher);
            pump.connect(MqttVersion.MQTT_5, "pump-1-pub", "pump-1");
            pump.publish("devices/pump-2/telemetry", 1, 7, "forged", MqttProperties.NO_PROPERTIES);
            var ack = (MqttPubReplyMessageVariableHeader)
                    pump.expect(MqttMessageType.PUBACK).variableHeader();
            assertThat(ack.messageId()).isEqualTo(7);
            assertThat(ack.reasonCode() & 0xFF).isEqualTo(0x87);
            pump.publish("devices/pump-1/telemetry", 1, 8, "mine", MqttProperties.NO_PROPERTIES);
            pump.expect(MqttMessageType.PUBACK);
            var delivered = (MqttPublishMessage) watcher.expect(MqttMessageType.PUBLISH);
            assertThat(delivered.variableHeader().topicName()).isEqualTo("devices/pump-1/telemetry");
        }
    }
}
