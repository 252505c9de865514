package io.millwright.core.telemetry;

import io.millwright.core.error.LimitExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of telemetry: many devices' submissions share one {@link TelemetryStore#append} transaction.
 *
 * <p>Concurrency model: any thread may {@link #submit}; submissions wait in one FIFO queue bounded by
 * {@link IngestConfig#queueCapacityPoints()}. A single writer thread ({@code telemetry-writer}) drains up to
 * {@link IngestConfig#maxBatchPoints()} points (waiting at most {@link IngestConfig#maxDelay()} after the first one
 * arrived for more), appends them in one transaction, and only then completes the futures: completion means durable
 * and readable, so that is when a transport may send MQTT PUBACK or HTTP 2xx. A failed transaction fails every future
 * of the batch with {@link TelemetryStorageException}; nothing is reported stored that is not. Dependent stages of the
 * futures run on the writer thread unless attached with an {@code *Async} method, so they must be cheap (a Netty
 * {@code writeAndFlush} is). {@link TelemetryListener}s run afterwards on one separate thread
 * ({@code telemetry-listeners}), in commit order.
 *
 * <p>Flow control: above the high watermark the ingest is {@linkplain #isSaturated() saturated} (reported through
 * {@link IngestObserver#saturation}, a metric) until the queue falls below the low watermark. While saturated,
 * non-durable (QoS 0) submissions are dropped and counted; a durable submission that would overflow the capacity is
 * refused with {@link LimitExceededException} of kind {@code QUOTA}. No transport stops reading on saturation: the MQTT
 * broker stops reading a connection with Receive Maximum PUBLISHes unacknowledged, which bounds what each client can
 * have queued here.
 */
public final class TelemetryIngest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetryIngest.class);
    private static final Submission STOP = new Submission(null, null, 0, false, 0);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Submission(
            DeviceTelemetry telemetry,
            CompletableFuture<DeviceTelemetry> future,
            int points,
            boolean durable,
            long enqueuedNanos) {}

    private final TelemetryStore store;
    private final IngestConfig config;
    private final ServerClock clock;
    private final IngestObserver observer;
    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedPoints = new AtomicLong();
    private final AtomicBoolean saturated = new AtomicBoolean();
    private final long highPoints;
    private final long lowPoints;
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor notifier;
    private final Thread writer;
    private volatile boolean closed;

    private final AtomicLong committedPoints = new AtomicLong();
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong droppedPoints = new AtomicLong();
    private final AtomicLong rejectedPoints = new AtomicLong();
    private final AtomicLong failedPoints = new AtomicLong();
    private final AtomicLong droppedNotifications = new AtomicLong();
    private volatile long lastAppendNanos;
    /** Commits failed in a row, and when that was last logged; writer thread only. */
    private long failedCommits;

    private long lastFailureLog;

    public TelemetryIngest(TelemetryStore store, IngestConfig config, ServerClock clock, IngestObserver observer) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.highPoints = Math.max(1, (long) (config.queueCapacityPoints() * config.highWatermark()));
        this.lowPoints = (long) (config.queueCapacityPoints() * config.lowWatermark());
        this.notifier = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.listenerQueue()),
                r -> daemon(r, "telemetry-listeners"));
        this.writer = daemon(this::run, "telemetry-writer");
    }

    /** Starts the writer thread. */
    public void start() {
        writer.start();
    }

    /** Registers a listener for committed telemetry; listeners added later miss earlier commits. */
    public void addListener(TelemetryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Queues one message's samples of a device. Server-time samples get strictly increasing microsecond times (one per
     * sample); device times become {@code ms * 1000}.
     *
     * @param durable whether the sender waits for the outcome (MQTT QoS 1, HTTP); non-durable submissions may be
     *     dropped under saturation
     * @return completes with the stored points after commit, or exceptionally with {@link LimitExceededException}
     *     (queue full, dropped) or {@link TelemetryStorageException} (failed or shut down)
     */
    public CompletableFuture<DeviceTelemetry> submit(
            String tenantId, String deviceId, List<Sample> samples, boolean durable) {
        DeviceTelemetry telemetry = new DeviceTelemetry(tenantId, deviceId, points(tenantId, deviceId, samples));
        CompletableFuture<DeviceTelemetry> future = new CompletableFuture<>();
        int points = telemetry.points().size();
        if (closed) {
            return CompletableFuture.failedFuture(shutDown());
        }
        if (points == 0) {
            future.complete(telemetry);
            return future;
        }
        if (!durable && queuedPoints.get() >= highPoints) {
            droppedPoints.addAndGet(points);
            return CompletableFuture.failedFuture(new LimitExceededException(
                    LimitExceededException.Kind.QUOTA, "telemetry ingest is saturated; QoS 0 telemetry dropped"));
        }
        long queued = queuedPoints.addAndGet(points);
        if (durable && queued > config.queueCapacityPoints() && queued > points) {
            queuedPoints.addAndGet(-points);
            rejectedPoints.addAndGet(points);
            return CompletableFuture.failedFuture(new LimitExceededException(
                    LimitExceededException.Kind.QUOTA, "telemetry ingest queue is full; retry later"));
        }
        if (queued >= highPoints && saturated.compareAndSet(false, true)) {
            observer.saturation(true);
        }
        Submission submission = new Submission(telemetry, future, points, durable, System.nanoTime());
        queue.add(submission);
        if (closed && queue.remove(submission)) {
            queuedPoints.addAndGet(-points);
            future.completeExceptionally(shutDown());
        }
        return future;
    }

    private List<TelemetryPoint> points(String tenantId, String deviceId, List<Sample> samples) {
        int serverTimed = 0;
        int size = 0;
        for (Sample sample : samples) {
            size += sample.values().size();
            if (sample.deviceTimeMillis().isEmpty()) {
                serverTimed++;
            }
        }
        long next = serverTimed == 0 ? 0 : clock.reserve(tenantId, deviceId, serverTimed);
        List<TelemetryPoint> points = new ArrayList<>(size);
        for (Sample sample : samples) {
            long micros = sample.deviceTimeMillis().isPresent()
                    ? Math.multiplyExact(sample.deviceTimeMillis().getAsLong(), 1000L)
                    : next++;
            sample.values().forEach((key, value) -> points.add(new TelemetryPoint(key, micros, value)));
        }
        return points;
    }

    /** Whether transports should stop reading: the queue passed the high watermark and has not yet drained. */
    public boolean isSaturated() {
        return saturated.get();
    }

    public IngestStats stats() {
        return new IngestStats(
                queuedPoints.get(),
                committedPoints.get(),
                committedBatches.get(),
                droppedPoints.get(),
                rejectedPoints.get(),
                failedPoints.get(),
                droppedNotifications.get(),
                lastAppendNanos);
    }

    /**
     * Stops accepting submissions, commits what is queued, and stops the threads (waiting up to 30 s for the
     * listeners). Submissions after close fail with {@link TelemetryStorageException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            if (writer.isAlive()) {
                writer.join();
            } else {
                failRemaining();
            }
            notifier.shutdown();
            if (!notifier.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("telemetry listeners did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Submission> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Submission first = queue.take();
                if (first == STOP) {
                    break;
                }
                batch.add(first);
                stopping = fill(batch, first);
            } catch (InterruptedException e) {
                stopping = true;
            }
            commit(batch);
            batch.clear();
        }
        Submission late;
        while ((late = queue.poll()) != null) {
            if (late != STOP) {
                batch.add(late);
            }
        }
        commit(batch);
    }

    /** Adds queued submissions to {@code batch}; returns whether the stop marker was seen. */
    private boolean fill(List<Submission> batch, Submission first) throws InterruptedException {
        int points = first.points();
        long deadline = first.enqueuedNanos() + config.maxDelay().toNanos();
        while (points < config.maxBatchPoints()) {
            Submission next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                    return false;
                }
            }
            if (next == STOP) {
                return true;
            }
            batch.add(next);
            points += next.points();
        }
        return false;
    }

    private void commit(List<Submission> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<DeviceTelemetry> telemetry = new ArrayList<>(batch.size());
        int points = 0;
        for (Submission submission : batch) {
            telemetry.add(submission.telemetry());
            points += submission.points();
        }
        long start = System.nanoTime();
        try {
            store.append(telemetry);
        } catch (RuntimeException e) {
            release(points);
            failedPoints.addAndGet(points);
            logFailure(points, e);
            TelemetryStorageException failure =
                    new TelemetryStorageException("telemetry could not be stored: " + e.getMessage(), e);
            batch.forEach(s -> s.future().completeExceptionally(failure));
            observer.failed(batch.size(), points, e);
            return;
        }
        long end = System.nanoTime();
        lastAppendNanos = end - start;
        if (failedCommits > 0) {
            log.info("telemetry commits succeed again, after {} failed commits", failedCommits);
            failedCommits = 0;
        }
        release(points);
        committedPoints.addAndGet(points);
        committedBatches.incrementAndGet();
        observer.committed(batch.size(), points, end - start, end - batch.get(0).enqueuedNanos());
        batch.forEach(s -> s.future().complete(s.telemetry()));
        if (!listeners.isEmpty()) {
            notifyListeners(telemetry);
        }
    }

    /**
     * Logs a failed commit: the first of a series with its stack trace, then at most one line per
     * {@link #FAILURE_LOG_INTERVAL_NANOS} while commits keep failing (a full disk fails every commit until space is
     * freed, and a log line per commit would only fill the disk faster).
     */
    private void logFailure(int points, RuntimeException e) {
        failedCommits++;
        long now = System.nanoTime();
        if (failedCommits == 1) {
            log.error(
                    "telemetry commit of {} points failed; failing the batch, later commits will try again", points, e);
            lastFailureLog = now;
        } else if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_NANOS) {
            log.error("telemetry commits are still failing ({} failed in a row): {}", failedCommits, e.getMessage());
            lastFailureLog = now;
        }
    }

    private void release(int points) {
        long queued = queuedPoints.addAndGet(-points);
        if (queued <= lowPoints && saturated.compareAndSet(true, false)) {
            observer.saturation(false);
        }
    }

    private void notifyListeners(List<DeviceTelemetry> committed) {
        try {
            notifier.execute(() -> {
                for (DeviceTelemetry telemetry : committed) {
                    for (TelemetryListener listener : listeners) {
                        try {
                            listener.onTelemetry(telemetry);
                        } catch (RuntimeException e) {
                            log.warn("telemetry listener {} failed", listener, e);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            droppedNotifications.addAndGet(committed.size());
        }
    }

    private void failRemaining() {
        Submission s;
        while ((s = queue.poll()) != null) {
            if (s != STOP) {
                release(s.points());
                s.future().completeExceptionally(shutDown());
            }
        }
    }

    private static TelemetryStorageException shutDown() {
        return new TelemetryStorageException("telemetry ingest is shut down", null);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
