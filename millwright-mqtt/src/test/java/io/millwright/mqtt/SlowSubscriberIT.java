package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slow-subscriber policy (see {@code OutboundFlow}): a client that stops reading fills its socket, then the
 * broker's outbound buffer up to the high water mark; from then on its QoS 0 messages are dropped and its QoS 1/2
 * messages wait in a queue bounded by {@code maxQueuedMessages}. The broker keeps serving everyone else meanwhile.
 */
class SlowSubscriberIT {

    private static final int MESSAGES = 1500;
    private static final int PAYLOAD = 16 * 1024;
    private static final int MAX_QUEUED = 50;

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.maxPublishRate(0).maxQueuedMessages(MAX_QUEUED));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private double counter(String name, String... tags) {
        return broker.meters.counter(name, tags).count();
    }

    @Test
    void a_client_that_never_reads_costs_bounded_memory_and_does_not_slow_the_others() throws Exception {
        try (RawClient stuck = new RawClient(broker.port(), 4096)) {
            stuck.connect(MqttVersion.MQTT_5, "stuck", "alice");
            stuck.subscribe(1, "flood/#", 1);
            stuck.expect(MqttMessageType.SUBACK);
            // From here on the stuck client reads nothing.

            Mqtt5BlockingClient publisher = broker.v5Connected("alice");
            byte[] payload = new byte[PAYLOAD];
            double sentBefore = counter("mqtt.messages.sent");
            for (int i = 0; i < MESSAGES; i++) {
                publisher
                        .publishWith()
                        .topic("flood/q0")
                        .qos(MqttQos.AT_MOST_ONCE)
                        .payload(payload)
                        .send();
                publisher
                        .publishWith()
                        .topic("flood/q1")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload)
                        .send();
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(counter("mqtt.messages.dropped", "reason", "slow_consumer"))
                        .as("QoS 0 dropped while the stuck client's buffer is full")
                        .isPositive();
                assertThat(counter("mqtt.messages.dropped", "reason", "queue_full"))
                        .as("QoS 1 beyond the queue bound dropped")
                        .isGreaterThanOrEqualTo(MESSAGES - MAX_QUEUED - (counter("mqtt.messages.sent") - sentBefore));
            });
            double written = counter("mqtt.messages.sent") - sentBefore;
            assertThat(written)
                    .as(
                            "only what the socket and the outbound buffer hold was written (%s of %s bytes)",
                            written * PAYLOAD, 2L * MESSAGES * PAYLOAD)
                    .isLessThan(MESSAGES / 2);

            Mqtt5BlockingClient other = broker.v5Connected("alice");
            try (var in = TestBroker.publishes(other)) {
                other.subscribeWith()
                        .topicFilter("responsive/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                long start = System.nanoTime();
                publisher
                        .publishWith()
                        .topic("responsive/ping")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("pong"))
                        .send();
                assertThat(TestBroker.text(TestBroker.receive(in))).isEqualTo("pong");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
            other.disconnect();
            publisher.disconnect();
        }
    }
}
