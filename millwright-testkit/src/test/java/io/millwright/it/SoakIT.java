package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.testkit.FaultDevice;
import io.millwright.testkit.HeapSampler;
import io.millwright.testkit.LedgerPublisher;
import io.millwright.testkit.ServerProcess;
import io.millwright.testkit.TelemetryLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Long form only ({@code -Dmillwright.fault.long=true}): an hour (or {@code -Dmillwright.soak.duration}, an ISO-8601
 * duration such as {@code PT10M}) of QoS 1 telemetry at half the rate the server reached in a 20-second calibration
 * flood, on a 256 MiB heap, from 64 devices whose timestamps follow the clock. Every window (a minute, or a quarter of a shorter run) records the heap after GC and the
 * median PUBACK time; the last quarter's medians must stay within a factor of the first quarter's, and nothing
 * acknowledged may be missing. Results are described in {@code docs/reliability.md}.
 */
class SoakIT {

    private static final Logger LOG = Logger.getLogger(SoakIT.class.getName());
    private static final int CALIBRATION_DEVICES = 8;
    /** Enough devices that each sends fewer than 1000 messages a second and keeps its timestamps near the clock. */
    private static final int DEVICES = 64;

    private static final int EXTRA_KEYS = 9;
    private static final Duration CALIBRATION = Duration.ofSeconds(20);

    /** One window's figures. */
    /** One window's figures; the heap floor is the least heap in use sampled in it (every 5 s), i.e. after a GC. */
    private record Window(
            int index,
            long acks,
            long refusals,
            long medianAckMicros,
            long heapFloor,
            long liveAfterGc,
            long resident) {}

    @Test
    void an_hour_at_half_the_maximum_rate_keeps_memory_and_latency_flat_and_loses_nothing() throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("millwright.fault.long"),
                "soak skipped: run it with -Dmillwright.fault.long=true (an hour by default;"
                        + " -Dmillwright.soak.duration=PT10M for less)");
        Duration duration = Duration.parse(System.getProperty("millwright.soak.duration", "PT1H"));
        Duration window =
                duration.compareTo(Duration.ofMinutes(4)) >= 0 ? Duration.ofMinutes(1) : duration.dividedBy(4);
        try (ServerProcess server = ServerProcess.builder().heap("256m").start()) {
            List<FaultDevice> devices = FaultDevice.create(server, "soak", DEVICES + CALIBRATION_DEVICES);
            double maxRate = calibrate(server, devices.subList(DEVICES, DEVICES + CALIBRATION_DEVICES));
            double rate = maxRate / 2;

            // each device's timestamps advance a little slower than the clock, from a minute back: always in the past
            long step = Math.max(1, (long) (1000 / (rate / DEVICES)));
            TelemetryLedger ledger = new TelemetryLedger(
                    System.currentTimeMillis() - Duration.ofMinutes(1).toMillis(), step, devices.subList(0, DEVICES));
            ConcurrentLinkedQueue<LedgerPublisher.Outcome> outcomes = new ConcurrentLinkedQueue<>();
            List<LedgerPublisher> publishers = new ArrayList<>();
            List<Window> windows = new ArrayList<>();
            try (HeapSampler heap = new HeapSampler(server, 5_000)) {
                for (FaultDevice device : ledger.devices()) {
                    LedgerPublisher p = LedgerPublisher.connect(server, ledger, device, device.name(), 32, EXTRA_KEYS);
                    p.onOutcome(outcomes::add);
                    publishers.add(p);
                }
                long start = System.nanoTime();
                publishers.forEach(p -> p.start(rate / DEVICES));
                long windows0 = duration.toNanos() / window.toNanos();
                int sampled = 0;
                for (int i = 0; i < windows0; i++) {
                    long end = start + (i + 1) * window.toNanos();
                    await().atMost(window.plusMinutes(1))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> System.nanoTime() >= end);
                    windows.add(close(i, outcomes, heap, sampled));
                    sampled = heap.samples().size();
                    Window w = windows.get(i);
                    LOG.info(String.format(
                            "soak window %d: %d acks, %d refusals, median PUBACK %.1f ms, heap floor %s, live after GC"
                                    + " %s, RSS %s",
                            i,
                            w.acks(),
                            w.refusals(),
                            w.medianAckMicros() / 1000.0,
                            HeapSampler.mib(w.heapFloor()),
                            HeapSampler.mib(w.liveAfterGc()),
                            HeapSampler.mib(w.resident())));
                }
                for (LedgerPublisher p : publishers) {
                    assertThat(p.stop(Duration.ofSeconds(60))).isTrue();
                    assertThat(p.loopError()).isEmpty();
                }
            } finally {
                publishers.forEach(LedgerPublisher::close);
            }

            TelemetryLedger.Audit audit = ledger.audit(server.api().loginAsAdmin());
            int quarter = Math.max(1, windows.size() / 4);
            List<Window> first = windows.subList(0, quarter);
            List<Window> last = windows.subList(windows.size() - quarter, windows.size());
            long firstHeap = median(first.stream().map(Window::heapFloor).toList());
            long lastHeap = median(last.stream().map(Window::heapFloor).toList());
            long firstLatency =
                    median(first.stream().map(Window::medianAckMicros).toList());
            long lastLatency = median(last.stream().map(Window::medianAckMicros).toList());
            Map<String, Long> totals = new TreeMap<>();
            windows.forEach(w -> {
                totals.merge("acks", w.acks(), Long::sum);
                totals.merge("refusals", w.refusals(), Long::sum);
            });
            LOG.info(String.format(
                    "soak: %s at %.0f messages/s (%d points each; calibrated maximum %.0f/s), %d windows of %s, %s;"
                            + " heap floor first quarter %s, last quarter %s; median PUBACK first quarter %.1f ms,"
                            + " last quarter %.1f ms; %s",
                    duration,
                    rate,
                    EXTRA_KEYS + 1,
                    maxRate,
                    windows.size(),
                    window,
                    totals,
                    HeapSampler.mib(firstHeap),
                    HeapSampler.mib(lastHeap),
                    firstLatency / 1000.0,
                    lastLatency / 1000.0,
                    audit.summary()));
            assertThat(audit.missing())
                    .as(audit.summary() + " " + audit.firstMissing())
                    .isZero();
            assertThat(audit.duplicates()).as(audit.summary()).isZero();
            assertThat(audit.refusedStored()).as(audit.summary()).isZero();
            assertThat(lastHeap)
                    .as("heap floor, last quarter against first")
                    .isLessThanOrEqualTo(firstHeap * 3 / 2 + 16 * 1024 * 1024);
            assertThat(lastLatency)
                    .as("median PUBACK time (µs), last quarter against first")
                    .isLessThanOrEqualTo(firstLatency * 3 + 20_000);
        }
    }

    /** Messages per second the given devices got acknowledged flooding for {@link #CALIBRATION}. */
    private static double calibrate(ServerProcess server, List<FaultDevice> devices) throws Exception {
        // at full speed device time runs ahead of the clock (about 2 s a second): start well back
        TelemetryLedger ledger = new TelemetryLedger(
                System.currentTimeMillis() - Duration.ofMinutes(5).toMillis(), devices);
        List<LedgerPublisher> publishers = new ArrayList<>();
        for (FaultDevice device : devices) {
            publishers.add(LedgerPublisher.connect(server, ledger, device, device.name(), 32, EXTRA_KEYS));
        }
        try {
            long start = System.nanoTime();
            publishers.forEach(p -> p.start(0));
            await().atMost(CALIBRATION.plusMinutes(1))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> System.nanoTime() - start >= CALIBRATION.toNanos());
            long acks = publishers.stream().mapToLong(p -> p.count("SUCCESS")).sum();
            double rate = acks / ((System.nanoTime() - start) / 1e9);
            for (LedgerPublisher p : publishers) {
                p.stop(Duration.ofSeconds(60));
            }
            return rate;
        } finally {
            publishers.forEach(LedgerPublisher::close);
        }
    }

    private static Window close(
            int index, ConcurrentLinkedQueue<LedgerPublisher.Outcome> outcomes, HeapSampler heap, int sampled) {
        List<Long> micros = new ArrayList<>();
        long refusals = 0;
        LedgerPublisher.Outcome o;
        while ((o = outcomes.poll()) != null) {
            if (o.success()) {
                micros.add(o.latencyNanos() / 1000);
            } else {
                refusals++;
            }
        }
        List<HeapSampler.Sample> all = heap.samples();
        List<HeapSampler.Sample> samples = all.subList(Math.min(sampled, all.size()), all.size());
        HeapSampler.Sample latest = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        return new Window(
                index,
                micros.size(),
                refusals,
                micros.isEmpty() ? -1 : median(micros),
                samples.stream().mapToLong(HeapSampler.Sample::heapUsed).min().orElse(-1),
                latest == null ? -1 : latest.liveAfterGc(),
                latest == null ? -1 : latest.resident());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }
}
