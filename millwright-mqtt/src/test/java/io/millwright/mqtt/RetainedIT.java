package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetainedIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void retain(String topic, String payload) {
        var pub = broker.v5Connected("alice");
        pub.publishWith()
                .topic(topic)
                .retain(true)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes(payload))
                .send();
        pub.disconnect();
    }

    @Test
    void retained_message_is_set_replaced_and_cleared() {
        String topic = "ret/" + UUID.randomUUID();
        retain(topic, "one");
        retain(topic, "two");
        var sub = broker.v5Connected("alice2");
        var received = publishes(sub);
        sub.subscribeWith().topicFilter(topic).send();
        var p = receive(received);
        assertThat(text(p)).isEqualTo("two");
        assertThat(p.isRetain())
                .as("[MQTT-3.3.1-9] retained on subscribe carries RETAIN")
                .isTrue();
        assertThat(receive(received, 200)).isEmpty();
        sub.disconnect();

        retain(topic, "");
        var late = broker.v5Connected("alice2");
        var lateReceived = publishes(late);
        late.subscribeWith().topicFilter(topic).send();
        assertThat(receive(lateReceived, 300)).isEmpty();
        late.disconnect();
    }

    @Test
    void retain_handling_1_sends_only_for_new_subscriptions_and_2_never() {
        String topic = "ret/" + UUID.randomUUID();
        retain(topic, "r");
        var sub = broker.v5Connected("alice2");
        var received = publishes(sub);
        sub.subscribeWith()
                .topicFilter(topic)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                .send();
        assertThat(text(receive(received))).isEqualTo("r");
        sub.subscribeWith()
                .topicFilter(topic)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                .send();
        assertThat(receive(received, 300)).isEmpty();
        sub.disconnect();

        var never = broker.v5Connected("alice2");
        var neverReceived = publishes(never);
        never.subscribeWith()
                .topicFilter(topic)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                .send();
        assertThat(receive(neverReceived, 300)).isEmpty();
        never.disconnect();
    }

    @Test
    void retain_as_published_keeps_the_flag_on_live_messages() {
        String topic = "ret/" + UUID.randomUUID();
        var plain = broker.v5Connected("alice2");
        var plainReceived = publishes(plain);
        plain.subscribeWith()
                .topicFilter(topic)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                .send();
        var rap = broker.v5Connected("alice2");
        var rapReceived = publishes(rap);
        rap.subscribeWith()
                .topicFilter(topic)
                .retainAsPublished(true)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                .send();
        retain(topic, "live");
        assertThat(receive(plainReceived).isRetain()).as("[MQTT-3.3.1-12]").isFalse();
        assertThat(receive(rapReceived).isRetain()).as("[MQTT-3.3.1-13]").isTrue();
        plain.disconnect();
        rap.disconnect();
    }
}
