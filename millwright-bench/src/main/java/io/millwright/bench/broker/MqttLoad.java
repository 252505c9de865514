package io.millwright.bench.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop MQTT load generator on the HiveMQ asynchronous client. Each publisher keeps at most {@link
 * Scenario#window()} messages in flight end to end (sent but not yet received by every subscriber they are for, see
 * {@link InFlight}), so the load adapts to what the broker delivers instead of flooding it. A payload carries its send
 * time and identity, so subscribers record the end-to-end latency into an HdrHistogram. Counts are taken over the
 * measurement window only: what was sent, what the client completed (for QoS 1: acknowledged) or failed, what was
 * delivered and what never arrived, so loss is counted rather than assumed.
 */
public final class MqttLoad {

    private final String host;
    private final int port;

    public MqttLoad(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public LoadResult run(BrokerProcess broker, Scenario s) throws InterruptedException {
        String run = Long.toHexString(System.nanoTime());
        MqttQos qos = s.qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
        AtomicLong delivered = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong published = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        Recorder latency = new Recorder(3);
        long fanOut = s.shape() == Scenario.Shape.FAN_OUT ? s.subscribers() : 1;
        InFlight inFlight = new InFlight((int) fanOut, 2_000_000_000L);

        List<Mqtt5AsyncClient> subscribers = new ArrayList<>();
        for (int i = 0; i < s.subscribers(); i++) {
            Mqtt5AsyncClient sub = connect("sub-" + run + "-" + i);
            String filter = switch (s.shape()) {
                case FAN_IN -> "bench/" + run + "/+";
                case FAN_OUT -> "bench/" + run + "/all";
                case POINT_TO_POINT -> "bench/" + run + "/" + i;
            };
            sub.subscribeWith()
                    .topicFilter(filter)
                    .qos(qos)
                    .callback(p -> onMessage(p, measuring, delivered, latency, inFlight))
                    .send()
                    .join();
            subscribers.add(sub);
        }
        List<Mqtt5AsyncClient> publishers = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < s.publishers(); i++) {
            publishers.add(connect("pub-" + run + "-" + i));
            topics.add(
                    switch (s.shape()) {
                        case FAN_IN, POINT_TO_POINT -> "bench/" + run + "/" + i;
                        case FAN_OUT -> "bench/" + run + "/all";
                    });
        }

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> drivers = new ArrayList<>();
        int driverCount = Math.min(2, s.publishers());
        for (int d = 0; d < driverCount; d++) {
            int first = d;
            Thread driver = new Thread(
                    () -> drive(
                            publishers,
                            topics,
                            first,
                            driverCount,
                            s,
                            qos,
                            running,
                            measuring,
                            new Counters(sent, published, failed),
                            inFlight),
                    "bench-driver-" + d);
            driver.start();
            drivers.add(driver);
        }

        Thread reaper = new Thread(
                () -> {
                    while (running.get()) {
                        inFlight.reap(System.nanoTime());
                        LockSupport.parkNanos(100_000_000L);
                    }
                },
                "bench-reaper");
        reaper.start();
        Thread.sleep(s.warmup().toMillis());
        long cpuStart = broker.cpuNanos();
        long generatorCpuStart = generatorCpuNanos();
        long lostBefore = inFlight.lost();
        latency.reset();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(s.measure().toMillis());
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long cpu = broker.cpuNanos() - cpuStart;
        long generatorCpu = generatorCpuNanos() - generatorCpuStart;
        running.set(false);
        for (Thread driver : drivers) {
            driver.join();
        }
        reaper.join();
        long lost = inFlight.lost() - lostBefore;
        var histogram = latency.getIntervalHistogram();
        List<CompletableFuture<Void>> disconnects = new ArrayList<>();
        publishers.forEach(c -> disconnects.add(c.disconnect()));
        subscribers.forEach(c -> disconnects.add(c.disconnect()));
        CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new))
                .orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();

        double seconds = elapsed / 1e9;
        return new LoadResult(
                broker.name(),
                s,
                sent.get(),
                published.get(),
                failed.get(),
                lost,
                delivered.get(),
                published.get() * fanOut,
                delivered.get() / seconds,
                published.get() / seconds,
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                cpu / 1e9,
                generatorCpu / 1e9,
                seconds);
    }

    /** CPU time this process (the load generator) has used so far, in nanoseconds. */
    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** What the publishers count while measuring: handed to the client, completed, completed with an error. */
    private record Counters(AtomicLong sent, AtomicLong published, AtomicLong failed) {}

    private Mqtt5AsyncClient connect(String id) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(host)
                .serverPort(port)
                .buildAsync();
        client.connectWith().cleanStart(true).keepAlive(120).send().join();
        return client;
    }

    private static void drive(
            List<Mqtt5AsyncClient> publishers,
            List<String> topics,
            int first,
            int stride,
            Scenario s,
            MqttQos qos,
            AtomicBoolean running,
            AtomicBoolean measuring,
            Counters counters,
            InFlight inFlight) {
        List<Semaphore> windows = new ArrayList<>();
        for (int i = first; i < publishers.size(); i += stride) {
            windows.add(new Semaphore(s.window()));
        }
        long sequence = 0;
        while (running.get()) {
            boolean sentAny = false;
            int w = 0;
            for (int i = first; i < publishers.size(); i += stride, w++) {
                Semaphore window = windows.get(w);
                if (!window.tryAcquire()) {
                    continue;
                }
                sentAny = true;
                long key = InFlight.key(i, sequence++);
                long now = System.nanoTime();
                ByteBuffer payload = ByteBuffer.allocate(s.payloadBytes());
                payload.putLong(now).putLong(key).rewind();
                inFlight.sent(key, window, now);
                if (measuring.get()) {
                    counters.sent().incrementAndGet();
                }
                publishers
                        .get(i)
                        .publishWith()
                        .topic(topics.get(i))
                        .qos(qos)
                        .payload(payload)
                        .send()
                        .whenComplete((result, error) -> {
                            if (measuring.get()) {
                                boolean ok = error == null && result.getError().isEmpty();
                                (ok ? counters.published() : counters.failed()).incrementAndGet();
                            }
                        });
            }
            if (!sentAny) {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    private static void onMessage(
            Mqtt5Publish publish, AtomicBoolean measuring, AtomicLong delivered, Recorder latency, InFlight inFlight) {
        ByteBuffer payload = publish.getPayload().orElseThrow();
        long sentNanos = payload.getLong(payload.position());
        inFlight.delivered(payload.getLong(payload.position() + 8));
        if (!measuring.get()) {
            return;
        }
        delivered.incrementAndGet();
        latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
    }
}
