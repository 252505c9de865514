package io.millwright.bench.platform;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * QoS 1 telemetry from every device of a fleet to its own {@code devices/{name}/telemetry}, a fixed number of numeric
 * keys ({@code k0}, {@code k1}, ...) per message at the device's time. A PUBACK means the points are committed durably, so the acknowledged count is what
 * the store must hold afterwards. Every message of a device has its own timestamp ({@code t0 + sequence} ms, in the
 * past hour), because a point with the time of an earlier one replaces it and would hide losses.
 *
 * <p>Counters and the latency histogram are updated from the client's completion callbacks (Netty threads); a
 * completion counts in a phase's figures when it arrives while that phase measures.
 */
final class TelemetryLoad {

    private final List<Fleet.Member> members;
    private final int keys;
    private final String[] topics;
    private final AtomicLong[] sequence;
    private final AtomicLong[] ackedByDevice;
    private final long t0 = System.currentTimeMillis() - 3_600_000L;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong totalSent = new AtomicLong();
    private final AtomicLong totalAcked = new AtomicLong();
    private final AtomicLong totalFailed = new AtomicLong();
    private final Recorder latency = new Recorder(3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** Every message carries {@code keys} values. */
    TelemetryLoad(Fleet fleet, int keys) {
        this.members = fleet.members();
        this.keys = keys;
        int n = members.size();
        topics = new String[n];
        sequence = new AtomicLong[n];
        ackedByDevice = new AtomicLong[n];
        for (int i = 0; i < n; i++) {
            topics[i] = "devices/" + members.get(i).device().name() + "/telemetry";
            sequence[i] = new AtomicLong();
            ackedByDevice[i] = new AtomicLong();
        }
    }

    /** Closed loop: each device keeps {@code window} messages unacknowledged, sending the next on each PUBACK. */
    IngestPhase closedLoop(int window, Duration warmup, Duration measure) throws InterruptedException {
        running.set(true);
        for (int i = 0; i < members.size(); i++) {
            for (int w = 0; w < window; w++) {
                chain(i);
            }
        }
        IngestPhase phase = measure("closed loop", 0, warmup, measure);
        running.set(false);
        drain(Duration.ofSeconds(30));
        return phase;
    }

    private void chain(int device) {
        publish(device, System.nanoTime(), () -> {
            if (running.get()) {
                chain(device);
            }
        });
    }

    /**
     * Open loop: messages at a fixed total rate, round robin over the devices, whatever the acknowledgements do.
     * Latency counts from the time a message was due, so a stalled broker cannot hide its backlog (no coordinated
     * omission).
     */
    IngestPhase openLoop(double rate, Duration warmup, Duration measure) throws InterruptedException {
        running.set(true);
        Thread pacer = new Thread(
                () -> {
                    long start = System.nanoTime();
                    long issued = 0;
                    int next = 0;
                    while (running.get()) {
                        long due = (long) ((System.nanoTime() - start) * rate / 1e9);
                        while (issued < due && running.get()) {
                            long scheduled = start + (long) (issued * 1e9 / rate);
                            publish(next, scheduled, () -> {});
                            next = (next + 1) % members.size();
                            issued++;
                        }
                        LockSupport.parkNanos(200_000);
                    }
                },
                "bench-pacer");
        pacer.start();
        IngestPhase phase = measure("open loop", rate, warmup, measure);
        running.set(false);
        pacer.join();
        drain(Duration.ofSeconds(30));
        return phase;
    }

    private IngestPhase measure(String name, double rate, Duration warmup, Duration measure)
            throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        sent.set(0);
        acked.set(0);
        failed.set(0);
        latency.reset();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        return new IngestPhase(
                name,
                rate,
                sent.get(),
                acked.get(),
                failed.get(),
                keys,
                seconds,
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99));
    }

    /** Waits until every message sent has completed (acknowledged or failed); true if they all did in time. */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        return inFlight.get() == 0;
    }

    long totalSent() {
        return totalSent.get();
    }

    long totalAcked() {
        return totalAcked.get();
    }

    long totalFailed() {
        return totalFailed.get();
    }

    long ackedBy(int device) {
        return ackedByDevice[device].get();
    }

    private void publish(int device, long startNanos, Runnable then) {
        long seq = sequence[device].getAndIncrement();
        inFlight.incrementAndGet();
        totalSent.incrementAndGet();
        if (measuring.get()) {
            sent.incrementAndGet();
        }
        members.get(device)
                .client()
                .publishWith()
                .topic(topics[device])
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload(t0 + seq, seq))
                .send()
                .whenComplete((result, error) -> {
                    String failure = failure(result, error);
                    boolean ok = failure == null;
                    if (ok) {
                        ackedByDevice[device].incrementAndGet();
                        totalAcked.incrementAndGet();
                    } else {
                        totalFailed.incrementAndGet();
                        failures.computeIfAbsent(failure, k -> new LongAdder()).increment();
                    }
                    if (measuring.get()) {
                        if (ok) {
                            acked.incrementAndGet();
                            latency.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    inFlight.decrementAndGet();
                    then.run();
                });
    }

    /** Why a publish failed (the PUBACK's reason code and string, or the error's type), or null if it did not. */
    private static String failure(Mqtt5PublishResult result, Throwable error) {
        Throwable cause = error != null ? error : result.getError().orElse(null);
        if (cause != null) {
            return cause.getClass().getSimpleName();
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
                && qos1.getPubAck().getReasonCode().isError()) {
            var ack = qos1.getPubAck();
            return "PUBACK " + ack.getReasonCode()
                    + ack.getReasonString().map(r -> " (" + r + ")").orElse("");
        }
        return null;
    }

    /** Failed messages of the whole run by reason; empty when none failed. */
    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((reason, n) -> copy.put(reason, n.sum()));
        return copy;
    }

    /** The size in bytes of a message of this load (they differ by a few bytes as values and times vary). */
    int typicalPayloadBytes() {
        return payload(t0, 0).length;
    }

    private byte[] payload(long ts, long seq) {
        StringBuilder json =
                new StringBuilder(32 + 12 * keys).append("{\"ts\":").append(ts).append(",\"values\":{");
        for (int k = 0; k < keys; k++) {
            if (k > 0) {
                json.append(',');
            }
            json.append("\"k").append(k).append("\":").append((seq * 7 + k) % 1000 / 10.0);
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
