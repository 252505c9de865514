package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.millwright.testkit.FaultClients;
import io.millwright.testkit.FaultDevice;
import io.millwright.testkit.HeapSampler;
import io.millwright.testkit.LedgerPublisher;
import io.millwright.testkit.ServerProcess;
import io.millwright.testkit.TelemetryLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Publishers far faster than storage: the server keeps its memory bounded, refuses what it cannot queue (MQTT 5: PUBACK
 * 0x97; MQTT 3.1.1: no PUBACK), loses nothing it acknowledged, and answers a normal client normally once the flood
 * stops.
 *
 * <p>The server runs as its own process ({@link ServerProcess}) with a 256 MiB heap and a telemetry ingest queue of
 * 5,000 points committed 500 at a time with {@code synchronous: FULL}, so storage is the bottleneck. For {@link
 * #FLOOD}, MQTT 5 devices publish QoS 1 messages of 21 points each with the full Receive Maximum window, MQTT 3.1.1
 * devices do the same, and other devices flood QoS 0. Results are described in {@code docs/reliability.md}.
 */
class OverloadIT {

    private static final Logger LOG = Logger.getLogger(OverloadIT.class.getName());
    private static final long BASE_TS =
            System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    private static final Duration FLOOD = Duration.ofSeconds(15);
    private static final int V5_DEVICES = 24;
    private static final int V3_DEVICES = 4;
    private static final int QOS0_DEVICES = 4;
    private static final int EXTRA_KEYS = 20;

    @Test
    void a_flood_is_refused_or_slowed_never_lost_and_memory_stays_bounded() throws Exception {
        try (ServerProcess server = ServerProcess.builder()
                .heap("256m")
                .setting("telemetry.ingest.queue-capacity-points", "5000")
                .setting("telemetry.ingest.max-batch-points", "500")
                .start()) {
            List<FaultDevice> devices = FaultDevice.create(server, "flood", V5_DEVICES + V3_DEVICES + QOS0_DEVICES + 1);
            List<FaultDevice> qos1 = devices.subList(0, V5_DEVICES + V3_DEVICES);
            TelemetryLedger ledger = new TelemetryLedger(BASE_TS, qos1);
            List<LedgerPublisher> v5 = new ArrayList<>();
            List<LedgerPublisher> v3 = new ArrayList<>();
            for (int i = 0; i < qos1.size(); i++) {
                FaultDevice device = qos1.get(i);
                if (i < V5_DEVICES) {
                    v5.add(LedgerPublisher.connect(server, ledger, device, device.name(), 32, EXTRA_KEYS));
                } else {
                    v3.add(LedgerPublisher.connectV3(server, ledger, device, device.name(), 32, EXTRA_KEYS));
                }
            }
            List<QosZeroFlood> floods = new ArrayList<>();
            for (FaultDevice device : devices.subList(qos1.size(), qos1.size() + QOS0_DEVICES)) {
                floods.add(new QosZeroFlood(server, device));
            }

            try (HeapSampler heap = new HeapSampler(server, 250)) {
                long floodStart = System.nanoTime();
                v5.forEach(p -> p.start(0));
                v3.forEach(p -> p.start(0));
                floods.forEach(QosZeroFlood::start);
                await().atMost(FLOOD.plusSeconds(30))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> System.nanoTime() - floodStart >= FLOOD.toNanos());
                floods.forEach(QosZeroFlood::stop);
                for (LedgerPublisher p : v5) {
                    assertThat(p.stop(Duration.ofSeconds(60)))
                            .as("every QoS 1 publish settles")
                            .isTrue();
                }
                for (LedgerPublisher p : v3) {
                    p.stop(Duration.ofSeconds(60));
                }
                double floodSeconds = (System.nanoTime() - floodStart) / 1e9;

                assertThat(server.isAlive()).as("the server survives the flood").isTrue();
                assertThat(server.log()).content().doesNotContain("OutOfMemoryError");
                Map<String, Long> v5Outcomes = total(v5);
                Map<String, Long> v3Outcomes = total(v3);
                long qos0Sent = floods.stream().mapToLong(f -> f.sent.get()).sum();

                List<Long> recoveryMillis = recovery(server, devices.get(devices.size() - 1));
                HeapSampler.Sample last = heap.samples().get(heap.samples().size() - 1);
                TelemetryLedger.Audit audit = ledger.audit(server.api().loginAsAdmin());
                LOG.info(String.format(
                        "overload: %.1f s flood; MQTT 5 QoS 1 outcomes %s, MQTT 3.1.1 QoS 1 outcomes %s, QoS 0 sent"
                                + " %d; heap max %s, peak used %s, peak after GC %s, peak RSS %s, %d samples;"
                                + " after the flood: 50 sequential publishes all SUCCESS, median PUBACK %d ms,"
                                + " max %d ms; %s",
                        floodSeconds,
                        v5Outcomes,
                        v3Outcomes,
                        qos0Sent,
                        HeapSampler.mib(last.heapMax()),
                        HeapSampler.mib(heap.maxHeapUsed()),
                        HeapSampler.mib(heap.maxLiveAfterGc()),
                        HeapSampler.mib(heap.maxResident()),
                        heap.samples().size(),
                        recoveryMillis.get(recoveryMillis.size() / 2),
                        recoveryMillis.get(recoveryMillis.size() - 1),
                        audit.summary()));

                assertThat(v5Outcomes.keySet())
                        .as("MQTT 5 publishers get SUCCESS or an explicit quota refusal, and keep their connection")
                        .containsAnyOf("SUCCESS")
                        .isSubsetOf("SUCCESS", "QUOTA_EXCEEDED");
                assertThat(v5).allMatch(LedgerPublisher::isConnected);
                assertThat(heap.maxLiveAfterGc())
                        .as("heap after GC stays well below the limit")
                        .isLessThan(last.heapMax() * 3 / 4);
                assertThat(audit.missing())
                        .as(audit.summary() + " " + audit.firstMissing())
                        .isZero();
                assertThat(audit.duplicates()).as(audit.summary()).isZero();
                assertThat(audit.refusedStored()).as(audit.summary()).isZero();
                assertThat(audit.phantom()).as(audit.summary()).isZero();
                v5.forEach(p -> assertThat(p.loopError()).isEmpty());
                floods.forEach(f -> assertThat(f.error.get()).isNull());
            } finally {
                v5.forEach(LedgerPublisher::close);
                v3.forEach(LedgerPublisher::close);
                floods.forEach(QosZeroFlood::close);
            }
        }
    }

    /** A fresh device publishes 50 messages one at a time; each must succeed; returns the sorted PUBACK times. */
    private static List<Long> recovery(ServerProcess server, FaultDevice device) throws Exception {
        TelemetryLedger ledger = new TelemetryLedger(BASE_TS, List.of(device));
        List<Long> millis = new ArrayList<>();
        try (LedgerPublisher normal = LedgerPublisher.connect(server, ledger, device, device.name(), 1, EXTRA_KEYS)) {
            for (int i = 0; i < 50; i++) {
                LedgerPublisher.Outcome outcome = normal.publish().get(60, TimeUnit.SECONDS);
                assertThat(outcome.success())
                        .as("publish %d after the flood: %s", i, outcome)
                        .isTrue();
                millis.add(TimeUnit.NANOSECONDS.toMillis(outcome.latencyNanos()));
            }
        }
        millis.sort(Long::compare);
        return millis;
    }

    private static Map<String, Long> total(List<LedgerPublisher> publishers) {
        Map<String, Long> total = new TreeMap<>();
        publishers.forEach(p -> p.outcomes().forEach((k, v) -> total.merge(k, v, Long::sum)));
        return total;
    }

    /** One device sending QoS 0 telemetry as fast as its client writes it (at most 256 unsent). */
    private static final class QosZeroFlood implements AutoCloseable {
        final Mqtt5AsyncClient client;
        final FaultDevice device;
        final AtomicLong sent = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread thread;

        QosZeroFlood(ServerProcess server, FaultDevice device) {
            this.device = device;
            this.client = FaultClients.connected(server, device, device.name()).toAsync();
            this.thread = new Thread(this::run, "qos0-" + device.name());
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Semaphore unsent = new Semaphore(256);
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < EXTRA_KEYS; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("\"q")
                        .append(i)
                        .append("\":")
                        .append(i);
            }
            byte[] payload = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
            try {
                while (running.get() && client.getState().isConnected()) {
                    if (!unsent.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    client.publishWith()
                            .topic(device.telemetryTopic())
                            .qos(MqttQos.AT_MOST_ONCE)
                            .payload(payload)
                            .send()
                            .whenComplete((r, e) -> unsent.release());
                    sent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        void stop() {
            running.set(false);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
            client.disconnect().exceptionally(e -> null);
        }
    }
}
