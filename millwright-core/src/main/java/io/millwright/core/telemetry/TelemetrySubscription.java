package io.millwright.core.telemetry;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live subscription to a device's telemetry; {@link #close()} cancels it.
 *
 * <p>Delivery: updates wait in a queue of at most {@link StreamConfig#queueCapacity()} entries. When it is full the
 * oldest waiting entry is dropped for the new one ({@link #dropped()} counts them): a lagging subscriber sees the most
 * recent values and a gap, never unbounded memory. The consumer is called on a delivery executor thread, for one
 * subscription never concurrently and always in commit order, so it may write to a connection without locking; it may
 * block (a slow socket), which only makes its own queue drop. A consumer that throws cancels the subscription.
 */
public final class TelemetrySubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelemetrySubscription.class);

    private final String tenantId;
    private final String deviceId;
    private final Set<String> keys;
    private final Consumer<? super LiveTelemetry> consumer;
    private final Executor executor;
    private final int capacity;
    private final Consumer<TelemetrySubscription> onClose;
    private final ArrayDeque<LiveTelemetry> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    private long dropped;

    TelemetrySubscription(
            String tenantId,
            String deviceId,
            Set<String> keys,
            Consumer<? super LiveTelemetry> consumer,
            Executor executor,
            int capacity,
            Consumer<TelemetrySubscription> onClose) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.deviceId = Objects.requireNonNull(deviceId);
        this.keys = Set.copyOf(keys);
        this.consumer = Objects.requireNonNull(consumer);
        this.executor = Objects.requireNonNull(executor);
        this.capacity = capacity;
        this.onClose = Objects.requireNonNull(onClose);
    }

    String tenantId() {
        return tenantId;
    }

    String deviceId() {
        return deviceId;
    }

    /** The subscribed keys; empty means every key. */
    Set<String> keys() {
        return keys;
    }

    /** Updates dropped so far because this subscriber lagged. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Queues {@code update} for delivery, dropping the oldest waiting entry if the queue is full. Never blocks. */
    void offer(LiveTelemetry update) {
        boolean start;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(update);
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                close();
            }
        }
    }

    /** Queues a heartbeat unless something is waiting or being delivered (which keeps the connection busy anyway). */
    void heartbeat() {
        synchronized (this) {
            if (closed || draining || !queue.isEmpty()) {
                return;
            }
        }
        offer(new LiveTelemetry.Heartbeat());
    }

    private void drain() {
        while (true) {
            LiveTelemetry next;
            synchronized (this) {
                next = closed ? null : queue.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                consumer.accept(next);
            } catch (RuntimeException e) {
                log.debug("live telemetry subscriber of device {} failed; cancelling it", deviceId, e);
                synchronized (this) {
                    draining = false;
                }
                close();
                return;
            }
        }
    }

    /** Cancels the subscription: nothing more is delivered (an entry being delivered completes). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        onClose.accept(this);
    }
}
