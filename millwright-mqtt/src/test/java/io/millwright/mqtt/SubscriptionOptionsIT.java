package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubscriptionOptionsIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void subscribe(RawClient c, int id, String filter, int qos, boolean noLocal, int subscriptionId) {
        MqttProperties props = new MqttProperties();
        if (subscriptionId > 0) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, subscriptionId));
        }
        c.send(MqttMessageBuilders.subscribe()
                .messageId(id)
                .properties(props)
                .addSubscription(
                        filter,
                        new MqttSubscriptionOption(
                                MqttQoS.valueOf(qos),
                                noLocal,
                                false,
                                MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE))
                .build());
        c.expect(MqttMessageType.SUBACK);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> subscriptionIds(MqttPublishMessage p) {
        List<Integer> ids = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> prop :
                p.variableHeader().properties().getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER)) {
            ids.add(((MqttProperties.MqttProperty<Integer>) prop).value());
        }
        return ids;
    }

    @Test
    void overlapping_subscriptions_deliver_one_copy_at_the_highest_qos_with_every_identifier() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "overlap-1", "alice");
            subscribe(c, 1, "ov/#", 0, false, 11);
            subscribe(c, 2, "ov/+", 1, false, 22);
            c.publish("ov/a", 1, 5, "once", MqttProperties.NO_PROPERTIES);
            var p = (MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            c.expect(MqttMessageType.PUBACK);
            assertThat(p.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            assertThat(subscriptionIds(p)).containsExactlyInAnyOrder(11, 22);
            assertThat(c.receive(300)).as("only one copy").isNull();
        }
    }

    @Test
    void no_local_subscription_does_not_receive_own_messages() {
        try (RawClient c = new RawClient(broker.port());
                RawClient other = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "nolocal-1", "alice");
            subscribe(c, 1, "nolocal/t", 0, true, 0);
            c.publish("nolocal/t", 0, 0, "mine", MqttProperties.NO_PROPERTIES);
            other.connect(MqttVersion.MQTT_5, "nolocal-2", "alice");
            other.publish("nolocal/t", 0, 0, "theirs", MqttProperties.NO_PROPERTIES);
            assertThat(RawClient.text((MqttPublishMessage) c.expect(MqttMessageType.PUBLISH)))
                    .isEqualTo("theirs");
        }
    }

    @Test
    void shared_subscription_balances_messages_among_members() {
        var a = broker.v5Connected("alice");
        var b = broker.v5Connected("alice");
        List<String> gotA = new CopyOnWriteArrayList<>();
        List<String> gotB = new CopyOnWriteArrayList<>();
        a.toAsync()
                .subscribeWith()
                .topicFilter("$share/workers/jobs/#")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> gotA.add(TestBroker.text(p)))
                .send()
                .join();
        b.toAsync()
                .subscribeWith()
                .topicFilter("$share/workers/jobs/#")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> gotB.add(TestBroker.text(p)))
                .send()
                .join();
        var pub = broker.v5Connected("alice2");
        for (int i = 0; i < 10; i++) {
            pub.publishWith()
                    .topic("jobs/" + i)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(TestBroker.bytes("job" + i))
                    .send();
        }
        org.awaitility.Awaitility.await().until(() -> gotA.size() + gotB.size() == 10);
        assertThat(gotA).isNotEmpty();
        assertThat(gotB).isNotEmpty();
        assertThat(gotA).doesNotContainAnyElementsOf(gotB);
        a.disconnect();
        b.disconnect();
        pub.disconnect();
    }

    @Test
    void unsubscribe_answers_0x11_when_no_subscription_existed() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "unsub-1", "alice");
            subscribe(c, 1, "unsub/a", 0, false, 0);
            c.send(MqttMessageBuilders.unsubscribe()
                    .messageId(2)
                    .addTopicFilter("unsub/a")
                    .addTopicFilter("unsub/never")
                    .build());
            var ack = (io.netty.handler.codec.mqtt.MqttUnsubAckMessage) c.expect(MqttMessageType.UNSUBACK);
            assertThat(ack.payload().unsubscribeReasonCodes()).containsExactly((short) 0, (short) 0x11);
        }
    }
}
