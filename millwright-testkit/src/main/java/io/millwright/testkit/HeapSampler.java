package io.millwright.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a {@link ServerProcess}'s heap (through {@link ServerMetrics}) and resident set size on a background thread
 * at a fixed interval, from construction until {@link #close()}. Unreachable samples are skipped; the sampling thread
 * never throws. Thread-safe.
 */
public final class HeapSampler implements AutoCloseable {

    /** One sample; sizes in bytes, -1 where unknown. */
    public record Sample(long atMillis, long heapUsed, long liveAfterGc, long heapMax, long resident) {}

    private final ServerProcess server;
    private final ServerMetrics metrics;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.currentTimeMillis();

    public HeapSampler(ServerProcess server, long intervalMillis) {
        this.server = server;
        this.metrics = new ServerMetrics(server);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            ServerMetrics.Heap heap = metrics.heap();
            if (heap.usedBytes() < 0) {
                return;
            }
            Sample sample = new Sample(
                    System.currentTimeMillis() - start,
                    heap.usedBytes(),
                    heap.liveAfterGcBytes(),
                    heap.maxBytes(),
                    server.residentBytes());
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (RuntimeException e) {
            // a missed sample is not a failure; the assertions look at the samples taken
        }
    }

    /** The samples so far, oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The highest heap in use seen so far, or -1 without samples. */
    public long maxHeapUsed() {
        return samples().stream().mapToLong(Sample::heapUsed).max().orElse(-1);
    }

    /** The highest heap after a collection seen so far, or -1 without samples. */
    public long maxLiveAfterGc() {
        return samples().stream().mapToLong(Sample::liveAfterGc).max().orElse(-1);
    }

    /** The highest resident set size seen so far, or -1 without samples. */
    public long maxResident() {
        return samples().stream().mapToLong(Sample::resident).max().orElse(-1);
    }

    /** The heap's limit as the server reports it, or -1 without samples. */
    public long heapMax() {
        return samples().stream().mapToLong(Sample::heapMax).max().orElse(-1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** {@code bytes} in MiB, for log lines. */
    public static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
