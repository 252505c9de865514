package io.millwright.device;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry from {@link MillwrightDevice#sendTelemetry} to the server's PUBACK, in order.
 *
 * <p><b>Invariants.</b> Every message is appended to the {@link TelemetryBuffer} first and stays there until the server
 * acknowledged it. While connected, at most {@code window} messages are in flight; they are published strictly in
 * sequence order and MQTT keeps that order on the connection [MQTT-4.6.0-2]. When the connection is lost, whatever was
 * not acknowledged is published again, oldest first, on the next connection: delivery is at least once and never out
 * of order. A message the server refuses (MQTT 5 PUBACK >= 0x80) is removed and its future fails, so one bad message
 * cannot block the queue. A publish that fails for any other reason means the connection is broken: the link drops it.
 *
 * <p>{@link #send} is thread-safe; everything else runs on the device loop. Futures complete on the callback executor.
 */
final class TelemetryPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPipeline.class);

    private final TelemetryBuffer buffer;
    private final String topic;
    private final int qos;
    private final int window;
    private final Executor loop;
    private final Executor callbacks;
    private final BiConsumer<MqttTransport, Throwable> broken;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private MqttTransport transport;
    private long lastSent = -1;
    private int inFlight;

    TelemetryPipeline(
            TelemetryBuffer buffer,
            String topic,
            int qos,
            int window,
            Executor loop,
            Executor callbacks,
            BiConsumer<MqttTransport, Throwable> broken) {
        this.buffer = buffer;
        this.topic = topic;
        this.qos = qos;
        this.window = window;
        this.loop = loop;
        this.callbacks = callbacks;
        this.broken = broken;
    }

    /** Buffers a message; the future completes when the server acknowledged it. Any thread. */
    CompletableFuture<Void> send(byte[] payload) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        // Under the buffer's lock, so the loop cannot send (and see acknowledged) an entry before its future is known.
        synchronized (buffer) {
            pending.put(buffer.append(payload), future);
        }
        failEvicted();
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
        return future;
    }

    void connected(MqttTransport connection) {
        transport = connection;
        lastSent = buffer.firstSeq() - 1;
        inFlight = 0;
        drain();
    }

    void disconnected() {
        transport = null;
        inFlight = 0;
    }

    /** Fails the futures of every message still pending, e.g. when the device is closed. */
    void failPending(DeviceException error) {
        Map.Entry<Long, CompletableFuture<Void>> entry;
        while ((entry = pending.pollFirstEntry()) != null) {
            CompletableFuture<Void> future = entry.getValue();
            callbacks.execute(() -> future.completeExceptionally(error));
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Evicted by overflow plus refused by the server. */
    long dropped() {
        return buffer.evicted() + refused.get();
    }

    int buffered() {
        return buffer.size();
    }

    private void drain() {
        drainScheduled.set(false);
        while (transport != null && inFlight < window) {
            List<TelemetryBuffer.Entry> next = buffer.after(lastSent, window - inFlight);
            if (next.isEmpty()) {
                return;
            }
            MqttTransport connection = transport;
            for (TelemetryBuffer.Entry entry : next) {
                lastSent = entry.seq();
                inFlight++;
                connection
                        .publish(topic, entry.payload(), qos)
                        .whenComplete(
                                (ignored, error) -> loop.execute(() -> published(connection, entry.seq(), error)));
            }
        }
    }

    private void published(MqttTransport connection, long seq, Throwable error) {
        if (connection != transport) {
            return;
        }
        inFlight--;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            acknowledged.incrementAndGet();
            complete(seq, null);
        } else if (cause instanceof DeviceException refusal && refusal.reason() == DeviceException.Reason.REFUSED) {
            LOG.warn("{}: telemetry message dropped: {}", topic, refusal.getMessage());
            refused.incrementAndGet();
            complete(seq, refusal);
        } else {
            broken.accept(connection, cause);
            return;
        }
        drain();
    }

    /** Completes the future before removing the entry, so {@link #failEvicted} never mistakes it for an eviction. */
    private void complete(long seq, DeviceException error) {
        CompletableFuture<Void> future = pending.remove(seq);
        buffer.remove(seq);
        if (future != null) {
            callbacks.execute(() -> {
                if (error == null) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(error);
                }
            });
        }
    }

    private void failEvicted() {
        long first = buffer.firstSeq();
        Map.Entry<Long, CompletableFuture<Void>> oldest;
        while ((oldest = pending.firstEntry()) != null && oldest.getKey() < first) {
            if (pending.remove(oldest.getKey(), oldest.getValue())) {
                CompletableFuture<Void> future = oldest.getValue();
                callbacks.execute(() -> future.completeExceptionally(new DeviceException(
                        DeviceException.Reason.DROPPED,
                        "the offline buffer was full; the oldest telemetry message was dropped")));
            }
        }
    }
}
