package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The points of the two log tables, in memory per series, so recent data is queried without an index on the logs.
 *
 * <p>The active generation mirrors the active log table and receives appends (from the single writer, after commit);
 * the frozen generation mirrors the other log while the compactor turns it into blocks. Readers take one
 * {@link #generations()} snapshot before reading blocks: a frozen generation is dropped only after its blocks are
 * committed, so every point is always in the snapshot or in the blocks (possibly both, newest wins). Per-series
 * columns are guarded by their own monitor.
 */
final class MemTable {

    /** The points of one log table. */
    static final class Generation {
        final int logTable;
        final Map<Long, PointColumns> series = new ConcurrentHashMap<>();
        private volatile long points;

        Generation(int logTable) {
            this.logTable = logTable;
        }

        long points() {
            return points;
        }

        /** Writer only. */
        void add(long seriesId, long time, TelemetryValue value) {
            PointColumns columns = series.computeIfAbsent(seriesId, id -> new PointColumns(16));
            synchronized (columns) {
                columns.add(time, value);
            }
            points++;
        }

        /** A normalized copy of a series' points in {@code [from, to]}, or null if it has none here. */
        PointColumns copy(long seriesId, long from, long to) {
            PointColumns columns = series.get(seriesId);
            if (columns == null) {
                return null;
            }
            synchronized (columns) {
                return columns.copyRange(from, to);
            }
        }
    }

    /** The generations at one instant; {@code frozen} may be null. */
    record Generations(Generation active, Generation frozen) {

        /** The series' points in {@code [from, to]} of both generations, active winning; never null. */
        PointColumns copy(long seriesId, long from, long to) {
            PointColumns newer = active.copy(seriesId, from, to);
            PointColumns older = frozen == null ? null : frozen.copy(seriesId, from, to);
            if (older == null) {
                return newer == null ? new PointColumns(0) : newer;
            }
            return newer == null ? older : PointColumns.merge(older, newer);
        }
    }

    private volatile Generations generations;

    MemTable(int activeLog) {
        generations = new Generations(new Generation(activeLog), null);
    }

    Generations generations() {
        return generations;
    }

    /** Starts a new active generation on the other log; the current one becomes frozen. */
    synchronized Generation freeze() {
        Generations current = generations;
        if (current.frozen() != null) {
            throw new IllegalStateException("a frozen generation is still being compacted");
        }
        generations = new Generations(new Generation(1 - current.active().logTable), current.active());
        return current.active();
    }

    /** Restores a frozen generation on open (a compaction interrupted by a crash). */
    synchronized Generation restoreFrozen() {
        Generations current = generations;
        Generation frozen = new Generation(1 - current.active().logTable);
        generations = new Generations(current.active(), frozen);
        return frozen;
    }

    /** Forgets the frozen generation once its blocks are committed. */
    synchronized void dropFrozen() {
        generations = new Generations(generations.active(), null);
    }
}
