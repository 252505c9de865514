package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.testkit.HeapSampler;
import io.millwright.testkit.RawMqttSocket;
import io.millwright.testkit.ServerProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave on the network do not hold the server up: a subscriber of a busy topic that never reads (it
 * keeps pinging), a publisher that never reads its acknowledgements, a connection that stops after CONNECT, one that
 * sends half a CONNECT, one that never sends anything. Meanwhile a normal publisher and subscriber pair must get every
 * message, and the server's heap stays bounded. Each misbehaving client must be disconnected: by the connect timeout
 * (2 s here) before CONNECT, by the keep alive timeout (1.5 x 2 s) after it; a client that does not read is not read
 * either, so its pings stop counting. Results are described in {@code docs/reliability.md}.
 */
class SlowConsumerIT {

    private static final Logger LOG = Logger.getLogger(SlowConsumerIT.class.getName());
    private static final int KEEP_ALIVE = 2;

    @Test
    void stuck_and_half_open_clients_are_disconnected_while_others_keep_being_served() throws Exception {
        try (ServerProcess server = ServerProcess.builder()
                        .heap("256m")
                        .setting("mqtt.connect-timeout", "2s")
                        .setting("mqtt.max-queued-messages", "1000")
                        .start();
                HeapSampler heap = new HeapSampler(server, 250)) {
            String token = server.api()
                    .loginAsAdmin()
                    .post("/api/v1/tokens", Map.of("name", "slow-app"))
                    .json()
                    .path("token")
                    .asText();

            AtomicLong busyReceived = new AtomicLong();
            Mqtt5BlockingClient busySubscriber = app(server, token, "busy-subscriber");
            busySubscriber.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> busyReceived.incrementAndGet());
            busySubscriber
                    .subscribeWith()
                    .topicFilter("busy/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            BusyPublisher busy =
                    new BusyPublisher(app(server, token, "busy-publisher").toAsync());

            List<Stuck> stuck = new ArrayList<>();
            try {
                busy.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> busyReceived.get() > 100);

                stuck.add(Stuck.start(
                        "subscriber that never reads, pinging (MQTT 5)",
                        server,
                        true,
                        s -> {
                            s.connect("stuck-subscriber", "admin", token, KEEP_ALIVE);
                            s.subscribe("busy/#", 1);
                        },
                        s -> {
                            s.pingReq();
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                        }));
                byte[] chunk = new byte[16];
                stuck.add(Stuck.start(
                        "publisher that never reads its PUBACKs (MQTT 3.1.1)",
                        server,
                        false,
                        s -> s.connect("stuck-publisher", "admin", token, KEEP_ALIVE),
                        s -> s.publishQos1("stuck/flood", chunk)));
                RawMqttSocket halfOpen = RawMqttSocket.open(server, false);
                halfOpen.connect("half-open", "admin", token, KEEP_ALIVE);
                RawMqttSocket halfPacket = RawMqttSocket.open(server, false);
                halfPacket.writeRaw(new byte[] {0x10, 100, 0, 4, 'M', 'Q'});
                RawMqttSocket silent = RawMqttSocket.open(server, false);

                Probe probe = new Probe(app(server, token, "probe-publisher"), app(server, token, "probe-subscriber"));
                probe.run(200);

                assertThat(silent.readUntilClosed(30_000))
                        .as("a connection without CONNECT is closed")
                        .isTrue();
                assertThat(halfPacket.readUntilClosed(30_000))
                        .as("a connection with half a CONNECT is closed")
                        .isTrue();
                assertThat(halfOpen.readUntilClosed(30_000))
                        .as("a connection silent after CONNECT is closed")
                        .isTrue();
                for (Stuck s : stuck) {
                    await(s.name + " is disconnected")
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> s.closedAfterMillis.get() >= 0 || s.error.get() != null);
                    assertThat(s.error.get()).as(s.name).isNull();
                }
                long busyBefore = busyReceived.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> busyReceived.get() > busyBefore + 100);
                assertThat(server.isAlive()).isTrue();

                List<Long> latencies = probe.latenciesMillis();
                LOG.info(String.format(
                        "slow consumers: %s; busy topic: %d published, %d received by the normal subscriber; probe:"
                                + " %d of %d delivered, latency median %d ms, 99th %d ms, max %d ms; heap max %s, peak"
                                + " used %s, peak after GC %s, peak RSS %s",
                        stuck.stream()
                                .map(s -> s.name + " closed after " + s.closedAfterMillis.get() + " ms, "
                                        + s.actions.get() + " writes")
                                .toList(),
                        busy.published.get(),
                        busyReceived.get(),
                        latencies.size(),
                        200,
                        latencies.get(latencies.size() / 2),
                        latencies.get(latencies.size() * 99 / 100),
                        latencies.get(latencies.size() - 1),
                        HeapSampler.mib(heap.heapMax()),
                        HeapSampler.mib(heap.maxHeapUsed()),
                        HeapSampler.mib(heap.maxLiveAfterGc()),
                        HeapSampler.mib(heap.maxResident())));
                assertThat(heap.maxLiveAfterGc())
                        .as("heap after GC stays well below the limit")
                        .isLessThan(heap.heapMax() * 3 / 4);
                assertThat(busy.error.get()).isNull();
                halfOpen.close();
                halfPacket.close();
                silent.close();
                probe.close();
            } finally {
                busy.close();
                stuck.forEach(Stuck::close);
                busySubscriber.disconnect();
            }
        }
    }

    private static Mqtt5BlockingClient app(ServerProcess server, String token, String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(server.mqttPort())
                .buildBlocking();
        client.connectWith()
                .cleanStart(true)
                .simpleAuth()
                .username("admin")
                .password(token.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        return client;
    }

    /** Does something over and over on a raw socket, never reading, until a write fails: the server closed it. */
    private static final class Stuck implements AutoCloseable {
        interface Step {
            void run(RawMqttSocket socket) throws IOException;
        }

        final String name;
        final RawMqttSocket socket;
        final AtomicLong closedAfterMillis = new AtomicLong(-1);
        final AtomicLong actions = new AtomicLong();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicBoolean running = new AtomicBoolean(true);

        private Stuck(String name, RawMqttSocket socket) {
            this.name = name;
            this.socket = socket;
        }

        static Stuck start(String name, ServerProcess server, boolean v5, Step setUp, Step repeat) {
            Stuck stuck = new Stuck(name, RawMqttSocket.open(server, v5));
            Thread thread = new Thread(
                    () -> {
                        long start = System.nanoTime();
                        try {
                            setUp.run(stuck.socket);
                            while (stuck.running.get()) {
                                repeat.run(stuck.socket);
                                stuck.actions.incrementAndGet();
                            }
                        } catch (IOException closed) {
                            stuck.closedAfterMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        } catch (RuntimeException e) {
                            stuck.error.set(e);
                        }
                    },
                    "stuck-" + name);
            thread.setDaemon(true);
            thread.start();
            return stuck;
        }

        @Override
        public void close() {
            running.set(false);
            socket.close();
        }
    }

    /** Publishes 2 KiB QoS 1 messages to {@code busy/topic} as fast as 32 in flight allow, on its own thread. */
    private static final class BusyPublisher implements AutoCloseable {
        final Mqtt5AsyncClient client;
        final AtomicLong published = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread thread;

        BusyPublisher(Mqtt5AsyncClient client) {
            this.client = client;
            this.thread = new Thread(this::run, "busy-publisher");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Semaphore window = new Semaphore(32);
            byte[] payload = new byte[2048];
            try {
                while (running.get()) {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    client.publishWith()
                            .topic("busy/topic")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(payload)
                            .send()
                            .whenComplete((r, e) -> window.release());
                    published.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.disconnect().exceptionally(e -> null);
        }
    }

    /** A normal pair: numbered QoS 1 messages, one every 20 ms, each must arrive; latency from send to arrival. */
    private static final class Probe implements AutoCloseable {
        final Mqtt5BlockingClient publisher;
        final Mqtt5BlockingClient subscriber;
        final Queue<Long> latencies = new ConcurrentLinkedQueue<>();

        Probe(Mqtt5BlockingClient publisher, Mqtt5BlockingClient subscriber) {
            this.publisher = publisher;
            this.subscriber = subscriber;
            Consumer<com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish> received = p -> latencies.add(
                    System.nanoTime() - ByteBuffer.wrap(p.getPayloadAsBytes()).getLong());
            subscriber.toAsync().publishes(MqttGlobalPublishFilter.ALL, received);
            subscriber
                    .subscribeWith()
                    .topicFilter("probe/topic")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
        }

        void run(int messages) {
            for (int i = 0; i < messages; i++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                publisher
                        .publishWith()
                        .topic("probe/topic")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.allocate(8)
                                .putLong(0, System.nanoTime())
                                .array())
                        .send();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> latencies.size() >= messages);
        }

        List<Long> latenciesMillis() {
            return latencies.stream()
                    .map(TimeUnit.NANOSECONDS::toMillis)
                    .sorted()
                    .toList();
        }

        @Override
        public void close() {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }
}
