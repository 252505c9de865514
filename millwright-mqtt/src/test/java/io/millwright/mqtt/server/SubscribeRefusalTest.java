package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.mqtt.MqttConfig;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SUBACK codes of refused filters (MQTT 5.0 section 3.9.3, MQTT 3.1.1 section 3.9.3): the deny-subscribe list answers
 * 0x80 on both versions, as the Paho interoperability suite asserts; missing rights answer 0x87 on MQTT 5 only.
 */
class SubscribeRefusalTest {

    private final EmbeddedBroker broker = new EmbeddedBroker(MqttConfig.builder()
            .port(0)
            .wsPort(-1)
            .denySubscribe(List.of("test/nosubscribe"))
            .build());

    @AfterEach
    void close() {
        broker.close();
    }

    private List<Integer> subscribe(String filter) {
        broker.send(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, filter)
                .build());
        return ((MqttSubAckMessage) broker.receive()).payload().reasonCodes();
    }

    @Test
    void deny_subscribe_list_answers_0x80_on_mqtt_5() {
        broker.connect(MqttVersion.MQTT_5, "c-" + MqttVersion.MQTT_5);
        assertThat(subscribe("test/nosubscribe")).containsExactly(0x80);
    }

    @Test
    void deny_subscribe_list_answers_0x80_on_mqtt_3_1_1() {
        broker.connect(MqttVersion.MQTT_3_1_1, "c-" + MqttVersion.MQTT_3_1_1);
        assertThat(subscribe("test/nosubscribe")).containsExactly(0x80);
    }

    @Test
    void a_filter_outside_the_rights_answers_0x87_on_mqtt_5_and_0x80_on_mqtt_3_1_1() {
        assertThat(Subscriptions.refusal(io.millwright.core.broker.TopicAccess.Verdict.NOT_AUTHORIZED, true))
                .isEqualTo(0x87);
        assertThat(Subscriptions.refusal(io.millwright.core.broker.TopicAccess.Verdict.NOT_AUTHORIZED, false))
                .isEqualTo(0x80);
        broker.connect(MqttVersion.MQTT_5, "c-" + MqttVersion.MQTT_5);
        assertThat(subscribe("$SYS/broker")).containsExactly(0x87);
    }

    @Test
    void other_filters_are_granted_beside_a_denied_one() {
        broker.connect(MqttVersion.MQTT_5, "c-" + MqttVersion.MQTT_5);
        assertThat(subscribe("test/allowed")).containsExactly(1);
    }
}
