package io.millwright.bench.broker;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end flow control for the load generator: a publisher may have at most its window of messages that have not
 * yet reached every subscriber they are meant for. A message that does not arrive within the give-up time is counted
 * lost and its slot returned, so QoS 0 drops cannot stall the run.
 */
final class InFlight {

    private record Pending(Semaphore window, AtomicInteger remaining, long sentNanos) {}

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final int fanOut;
    private final long giveUpNanos;
    private final AtomicLong lost = new AtomicLong();

    InFlight(int fanOut, long giveUpNanos) {
        this.fanOut = fanOut;
        this.giveUpNanos = giveUpNanos;
    }

    static long key(int publisher, long sequence) {
        return ((long) publisher << 40) | (sequence & 0xFF_FFFF_FFFFL);
    }

    void sent(long key, Semaphore window, long sentNanos) {
        pending.put(key, new Pending(window, new AtomicInteger(fanOut), sentNanos));
    }

    void delivered(long key) {
        Pending p = pending.get(key);
        if (p != null && p.remaining().decrementAndGet() == 0 && pending.remove(key, p)) {
            p.window().release();
        }
    }

    /** Returns the slots of messages older than the give-up time; call periodically. */
    void reap(long nowNanos) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            if (nowNanos - e.getValue().sentNanos() > giveUpNanos && pending.remove(e.getKey(), e.getValue())) {
                lost.incrementAndGet();
                e.getValue().window().release();
            }
        }
    }

    long lost() {
        return lost.get();
    }
}
