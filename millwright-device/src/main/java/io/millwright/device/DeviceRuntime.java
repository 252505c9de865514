package io.millwright.device;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that devices share. A JVM running many devices (a gateway, the fleet simulator) shares one runtime, so
 * the cost per device is its connection's threads only.
 *
 * <p><b>Concurrency model.</b> Paho runs three blocking loops per connection (socket reader, writer, callback); they
 * run on the runtime's cached pool, whose threads are reused across reconnects. Keep-alive pings, reconnect delays and
 * offline periods are timers on the runtime's small scheduler. Each device processes its own events (connection
 * changes, acknowledgements, received messages) one at a time on a serial executor over the cached pool, and calls
 * application code (handlers, future completions) on a second serial executor, so a slow handler never delays its
 * telemetry. Devices never block a shared thread.
 *
 * <p>{@link #shared()} is the default: created on first use, daemon threads, never closed. Runtimes from
 * {@link #create(int)} are closed by their owner after every device using them is closed.
 */
public final class DeviceRuntime implements AutoCloseable {

    private static final class Holder {
        private static final DeviceRuntime SHARED = new DeviceRuntime(2);
    }

    private final ExecutorService pool;
    private final ScheduledThreadPoolExecutor scheduler;
    private final PahoExecutor pahoExecutor;

    private DeviceRuntime(int timerThreads) {
        if (timerThreads < 1) {
            throw new IllegalArgumentException("timer threads must be at least 1 (was " + timerThreads + ")");
        }
        this.pool = Executors.newCachedThreadPool(daemonThreads("millwright-device-"));
        this.scheduler = new ScheduledThreadPoolExecutor(timerThreads, daemonThreads("millwright-device-timer-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.pahoExecutor = new PahoExecutor(pool, scheduler);
    }

    /** The process-wide runtime that devices use unless given another. */
    public static DeviceRuntime shared() {
        return Holder.SHARED;
    }

    /** A runtime of its own, with {@code timerThreads} timer threads (1 or 2 suffice for thousands of devices). */
    public static DeviceRuntime create(int timerThreads) {
        return new DeviceRuntime(timerThreads);
    }

    ExecutorService pool() {
        return pool;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** What Paho clients get: long-running loops on the pool, timers on the scheduler; Paho cannot shut it down. */
    ScheduledExecutorService pahoExecutor() {
        return pahoExecutor;
    }

    /** Stops the threads; the shared runtime ignores this. */
    @Override
    public void close() {
        if (this == Holder.SHARED) {
            return;
        }
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
