package io.millwright.mqtt.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packets to one client, written in batches: whatever thread sends, every packet is written on the channel's event
 * loop, in the order sent, and each batch ends with a single flush (one system call for many packets).
 *
 * <p>A channel normally lives on its session's loop (see {@link SessionRegistry}), so the session's packets are sent on
 * the channel's own loop: written at once when nothing waits, and flushed by one task queued behind the loop's current
 * work. Packets sent from other threads (a channel not on its session's loop) wait in a lock-free queue that one
 * drain task empties.
 *
 * <p><b>Bound.</b> Packets waiting here are not in Netty's outbound buffer yet, so {@link #isWritable()} also counts
 * them: it is {@code false} while their estimated size is above the channel's write buffer high water mark, as for the
 * outbound buffer itself, and a channel-writability event is fired once they are written, so that senders holding
 * messages back (slow subscriber policy) resume.
 */
final class WriteBatcher {

    private final Channel channel;
    private final Queue<MqttMessage> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final Runnable flush = this::flush;
    /** Owned by the channel's loop. */
    private boolean flushScheduled;

    WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    /** Sends {@code message} from any thread; written and flushed on the channel's loop after every earlier one. */
    void send(MqttMessage message) {
        if (channel.eventLoop().inEventLoop() && waiting.isEmpty()) {
            channel.write(message, channel.voidPromise());
            scheduleFlush();
            return;
        }
        waitingBytes.addAndGet(estimatedSize(message));
        waiting.add(message);
        if (drainScheduled.compareAndSet(false, true)) {
            execute(drain);
        }
    }

    /** Runs {@code action} on the channel's loop after every packet sent so far is written and flushed. */
    void afterWritten(Runnable action) {
        execute(() -> {
            drain();
            action.run();
        });
    }

    /** Whether more packets may be sent: Netty's outbound buffer and the packets waiting here are below the mark. */
    boolean isWritable() {
        return channel.isWritable() && !aboveHighWaterMark();
    }

    private boolean aboveHighWaterMark() {
        return waitingBytes.get() > channel.config().getWriteBufferHighWaterMark();
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wasBlocked = aboveHighWaterMark();
        long written = 0;
        MqttMessage message;
        while ((message = waiting.poll()) != null) {
            written += estimatedSize(message);
            channel.write(message, channel.voidPromise());
        }
        if (written > 0) {
            waitingBytes.addAndGet(-written);
            channel.flush();
        }
        if (wasBlocked && channel.isWritable()) {
            channel.pipeline().fireChannelWritabilityChanged();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        channel.flush();
    }

    /** The payload plus a fixed allowance for the header; read before the packet is written (and released). */
    private static long estimatedSize(MqttMessage message) {
        return message instanceof MqttPublishMessage p ? p.payload().readableBytes() + 64L : 64L;
    }

    /** Runs on the channel's loop; if that loop no longer accepts tasks, releases what waits instead of leaking it. */
    private void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            MqttMessage message;
            while ((message = waiting.poll()) != null) {
                waitingBytes.addAndGet(-estimatedSize(message));
                ReferenceCountUtil.release(message);
            }
        }
    }
}
