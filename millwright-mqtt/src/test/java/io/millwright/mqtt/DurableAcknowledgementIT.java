package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import io.millwright.core.broker.RetainedMessage;
import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.StoredSession;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged means durable: a QoS 1/2 PUBLISH queued for an offline persistent session, or setting a retained
 * message, is acknowledged only after the store committed it. The stores here hold every write until the test opens
 * their gate, so an early acknowledgement is visible.
 */
class DurableAcknowledgementIT {

    /** Holds {@code apply} until {@link #open()}; fails it when {@link #failing} is set. */
    private static final class Gate {
        private final CountDownLatch latch = new CountDownLatch(1);
        final AtomicBoolean failing = new AtomicBoolean();

        void pass() {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failing.get()) {
                throw new IllegalStateException("disk full");
            }
        }

        void open() {
            latch.countDown();
        }
    }

    private final Gate gate = new Gate();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryRetainedMessageStore retained = new InMemoryRetainedMessageStore();
    private final MqttBroker broker = new MqttBroker(
            MqttConfig.builder().host("127.0.0.1").port(0).wsPort(-1).build(),
            new TestAuthenticator(),
            PublishInterceptor.NONE,
            new SessionStore() {
                @Override
                public List<StoredSession> loadAll() {
                    return sessions.loadAll();
                }

                @Override
                public void apply(List<Change> changes) {
                    gate.pass();
                    sessions.apply(changes);
                }
            },
            new RetainedMessageStore() {
                @Override
                public List<RetainedMessage> loadAll() {
                    return retained.loadAll();
                }

                @Override
                public void apply(List<Change> changes) {
                    gate.pass();
                    retained.apply(changes);
                }
            },
            new SimpleMeterRegistry());
    private final int port = broker.start().mqttPort();

    @AfterEach
    void stop() {
        gate.open();
        broker.stop();
    }

    private static MqttProperties expiry(int seconds) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, seconds));
        return p;
    }

    private void offlinePersistentSubscriber(String clientId, String filter) {
        try (RawClient c = new RawClient(port)) {
            c.connect(MqttVersion.MQTT_5, clientId, "alice", b -> b.properties(expiry(600)));
            c.subscribe(1, filter, 1);
            c.expect(MqttMessageType.SUBACK);
            c.send(MqttMessageBuilders.disconnect().build());
        }
    }

    private static int reasonCode(MqttMessage ack) {
        return ((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode() & 0xFF;
    }

    private static int packetId(MqttMessage ack) {
        return ((MqttPubReplyMessageVariableHeader) ack.variableHeader()).messageId();
    }

    @Test
    void puback_for_a_message_queued_for_an_offline_session_waits_for_the_commit() {
        offlinePersistentSubscriber("offline-1", "durable/#");
        try (RawClient pub = new RawClient(port)) {
            pub.connect(MqttVersion.MQTT_5, "pub-1", "alice");
            pub.publish("durable/a", 1, 1, "keep me", MqttProperties.NO_PROPERTIES);
            assertThat(pub.receive(500)).as("no PUBACK before the commit").isNull();
            gate.open();
            MqttMessage ack = pub.expect(MqttMessageType.PUBACK);
            assertThat(reasonCode(ack)).isZero();
            assertThat(sessions.loadAll())
                    .filteredOn(s -> s.clientId().equals("offline-1"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.messages()).hasSize(1));
        }
    }

    @Test
    void pubrec_for_a_retained_message_waits_for_the_commit() {
        try (RawClient pub = new RawClient(port)) {
            pub.connect(MqttVersion.MQTT_5, "pub-2", "alice");
            pub.send(MqttMessageBuilders.publish()
                    .topicName("status/line-2")
                    .retained(true)
                    .qos(MqttQoS.EXACTLY_ONCE)
                    .messageId(5)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(TestBroker.bytes("running")))
                    .build());
            assertThat(pub.receive(500)).as("no PUBREC before the commit").isNull();
            gate.open();
            pub.expect(MqttMessageType.PUBREC);
            assertThat(retained.loadAll()).extracting(RetainedMessage::topic).containsExactly("status/line-2");
        }
    }

    @Test
    void a_message_with_only_online_or_no_subscribers_is_acknowledged_at_once() {
        try (RawClient sub = new RawClient(port);
                RawClient pub = new RawClient(port)) {
            sub.connect(MqttVersion.MQTT_5, "online-1", "alice");
            sub.subscribe(1, "live/#", 1);
            sub.expect(MqttMessageType.SUBACK);
            pub.connect(MqttVersion.MQTT_5, "pub-3", "alice");
            pub.publish("live/a", 1, 1, "now", MqttProperties.NO_PROPERTIES);
            pub.expect(MqttMessageType.PUBACK);
            pub.publish("nobody/listens", 1, 2, "now", MqttProperties.NO_PROPERTIES);
            pub.expect(MqttMessageType.PUBACK);
        }
    }

    @Test
    void acknowledgements_keep_arrival_order_behind_a_pending_commit() {
        offlinePersistentSubscriber("offline-2", "ordered/slow");
        try (RawClient pub = new RawClient(port)) {
            pub.connect(MqttVersion.MQTT_5, "pub-4", "alice");
            pub.publish("ordered/slow", 1, 1, "first", MqttProperties.NO_PROPERTIES);
            pub.publish("ordered/fast", 1, 2, "second", MqttProperties.NO_PROPERTIES);
            assertThat(pub.receive(500)).as("the second waits behind the first").isNull();
            gate.open();
            assertThat(packetId(pub.expect(MqttMessageType.PUBACK))).isEqualTo(1);
            assertThat(packetId(pub.expect(MqttMessageType.PUBACK))).isEqualTo(2);
        }
    }

    @Test
    void a_failed_commit_is_refused_on_v5_and_left_unacknowledged_on_v3() {
        offlinePersistentSubscriber("offline-3", "lost/#");
        gate.failing.set(true);
        gate.open();
        try (RawClient v5 = new RawClient(port)) {
            v5.connect(MqttVersion.MQTT_5, "pub-5", "alice");
            v5.publish("lost/a", 1, 1, "x", MqttProperties.NO_PROPERTIES);
            assertThat(reasonCode(v5.expect(MqttMessageType.PUBACK))).isEqualTo(0x80);
        }
        try (RawClient v3 = new RawClient(port)) {
            v3.connect(MqttVersion.MQTT_3_1_1, "pub-6", "alice");
            v3.publish("lost/b", 1, 1, "x", MqttProperties.NO_PROPERTIES);
            assertThat(v3.closedByServer()).isTrue();
        }
    }
}
