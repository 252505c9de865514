package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublishSubscribeIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @EnumSource(MqttQos.class)
    void v5_subscriber_receives_at_the_published_qos(MqttQos qos) {
        Mqtt5BlockingClient sub = broker.v5Connected("alice");
        Mqtt5BlockingClient pub = broker.v5Connected("alice2");
        var received = publishes(sub);
        sub.subscribeWith()
                .topicFilter("qos/" + qos + "/#")
                .qos(MqttQos.EXACTLY_ONCE)
                .send();

        pub.publishWith()
                .topic("qos/" + qos + "/a")
                .qos(qos)
                .payload(bytes("hello"))
                .send();

        Mqtt5Publish p = receive(received);
        assertThat(text(p)).isEqualTo("hello");
        assertThat(p.getTopic().toString()).isEqualTo("qos/" + qos + "/a");
        assertThat(p.getQos()).isEqualTo(qos);
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void granted_qos_caps_the_delivery_qos() {
        Mqtt5BlockingClient sub = broker.v5Connected("alice");
        var received = publishes(sub);
        sub.subscribeWith().topicFilter("cap/q").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = broker.v5Connected("alice");
        pub.publishWith()
                .topic("cap/q")
                .qos(MqttQos.EXACTLY_ONCE)
                .payload(bytes("x"))
                .send();
        assertThat(receive(received).getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void v3_and_v5_clients_interoperate() throws Exception {
        MqttClient v3 = broker.v3Connected("alice");
        BlockingQueue<MqttMessage> v3Received = new ArrayBlockingQueue<>(10);
        v3.subscribe("interop/#", 1, (topic, message) -> v3Received.add(message));
        Mqtt5BlockingClient v5 = broker.v5Connected("alice");
        var v5Received = publishes(v5);
        v5.subscribeWith()
                .topicFilter("interop/back")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();

        v5.publishWith()
                .topic("interop/to-v3")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("from v5"))
                .send();
        MqttMessage m = v3Received.poll(5, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(new String(m.getPayload())).isEqualTo("from v5");
        assertThat(m.getQos()).isEqualTo(1);

        v3.publish("interop/back", bytes("from v3"), 1, false);
        assertThat(text(receive(v5Received))).isEqualTo("from v3");
        v3.disconnect();
        v3.close();
        v5.disconnect();
    }

    @Test
    void wildcards_match_per_spec_and_dollar_topics_are_not_matched_by_leading_wildcards() {
        Mqtt5BlockingClient sub = broker.v5Connected("alice");
        var received = publishes(sub);
        sub.subscribeWith()
                .topicFilter("wild/+/temp")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        Mqtt5BlockingClient pub = broker.v5Connected("alice");
        pub.publishWith()
                .topic("wild/a/b/temp")
                .payload(bytes("no"))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        pub.publishWith()
                .topic("wild/a/temp")
                .payload(bytes("yes"))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        assertThat(text(receive(received))).isEqualTo("yes");
        assertThat(receive(received, 200)).isEmpty();
        sub.disconnect();
        pub.disconnect();
    }
}
