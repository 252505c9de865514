package io.millwright.device;

import java.util.List;

/**
 * Telemetry waiting to be acknowledged by the server, oldest first. Every message goes through the buffer, connected or
 * not, so the order in which the application sent telemetry is the order in which it is published, also after a
 * reconnect.
 *
 * <p><b>Overflow.</b> The buffer holds at most {@code capacity} messages. Appending to a full buffer evicts the oldest
 * message (drop-oldest: recent measurements are worth more than old ones) and counts it in {@link #evicted()}.
 *
 * <p>Entries carry sequence numbers that increase with every append. Implementations are thread-safe.
 */
interface TelemetryBuffer extends AutoCloseable {

    /** One buffered message. */
    record Entry(long seq, byte[] payload) {}

    /** Appends a message, evicting the oldest one first when the buffer is full; returns its sequence number. */
    long append(byte[] payload);

    /** Up to {@code max} entries with a sequence number above {@code after}, oldest first. */
    List<Entry> after(long after, int max);

    /** Removes an entry (acknowledged, or refused by the server); false when it was no longer there. */
    boolean remove(long seq);

    /** The sequence number of the oldest entry, or the next one to be assigned when the buffer is empty. */
    long firstSeq();

    int size();

    /** Messages evicted by overflow since the buffer was opened. */
    long evicted();

    /** Releases the buffer's resources; a file buffer keeps its content for the next open. */
    @Override
    void close();
}
