package io.millwright.device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The default {@link TelemetryBuffer}: a bounded queue in memory, lost when the process ends. */
final class MemoryTelemetryBuffer implements TelemetryBuffer {

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextSeq;
    private long evicted;
    private long payloadBytes;

    MemoryTelemetryBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1 (was " + capacity + ")");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized long append(byte[] payload) {
        long seq = nextSeq;
        restore(seq, payload);
        return seq;
    }

    /**
     * Adds an entry with a given sequence number (at least the next one), evicting the oldest when full; returns the
     * evicted sequence number or {@code -1}.
     */
    synchronized long restore(long seq, byte[] payload) {
        if (seq < nextSeq) {
            throw new IllegalArgumentException("sequence " + seq + " is below the next one " + nextSeq);
        }
        long evictedSeq = -1;
        if (entries.size() >= capacity) {
            Entry oldest = entries.removeFirst();
            payloadBytes -= oldest.payload().length;
            evictedSeq = oldest.seq();
            evicted++;
        }
        entries.addLast(new Entry(seq, payload));
        payloadBytes += payload.length;
        nextSeq = seq + 1;
        return evictedSeq;
    }

    @Override
    public synchronized List<Entry> after(long after, int max) {
        List<Entry> result = new ArrayList<>(Math.min(max, entries.size()));
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && result.size() < max; ) {
            Entry entry = it.next();
            if (entry.seq() > after) {
                result.add(entry);
            }
        }
        return result;
    }

    @Override
    public synchronized boolean remove(long seq) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.seq() == seq) {
                it.remove();
                payloadBytes -= entry.payload().length;
                return true;
            }
            if (entry.seq() > seq) {
                return false;
            }
        }
        return false;
    }

    /** The sequence number the next append gets. */
    synchronized long nextSeq() {
        return nextSeq;
    }

    @Override
    public synchronized long firstSeq() {
        return entries.isEmpty() ? nextSeq : entries.peekFirst().seq();
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized long evicted() {
        return evicted;
    }

    /** Live payload bytes, for the file buffer's compaction decision. */
    synchronized long payloadBytes() {
        return payloadBytes;
    }

    synchronized List<Entry> snapshot() {
        return new ArrayList<>(entries);
    }

    @Override
    public void close() {}
}
