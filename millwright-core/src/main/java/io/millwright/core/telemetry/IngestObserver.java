package io.millwright.core.telemetry;

/**
 * Hooks for metrics (the assembly binds them to Micrometer). Called on the ingest's threads; implementations must be
 * cheap and must not throw.
 */
public interface IngestObserver {

    IngestObserver NONE = new IngestObserver() {};

    /**
     * A batch was committed.
     *
     * @param appendNanos how long the store's append (the transaction) took
     * @param oldestWaitNanos from the enqueueing of the oldest submission of the batch to its commit
     */
    default void committed(int submissions, int points, long appendNanos, long oldestWaitNanos) {}

    /** A batch failed; its futures were completed with {@code cause}. */
    default void failed(int submissions, int points, Throwable cause) {}

    /** Saturation began ({@code true}) or ended; transports stop and resume reading from sockets. */
    default void saturation(boolean saturated) {}
}
