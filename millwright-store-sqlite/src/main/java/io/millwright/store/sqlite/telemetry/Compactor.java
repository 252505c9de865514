package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves points from the logs into blocks, in two steps.
 *
 * <ol>
 *   <li><b>Flush</b>: freezes the active memtable generation (appends switch to the other log), writes the frozen
 *       points as blocks per series and hour (merging with blocks they overlap), persists the latest values and empties
 *       the frozen log, all in one transaction; then drops the frozen generation.
 *   <li><b>Merge</b>: rewrites the many small blocks that successive flushes leave in an hour as few full ones, once
 *       the hour is over, so long-range aggregations read one summary per series and hour.
 * </ol>
 *
 * <p>Runs on its own thread ({@code telemetry-compactor}) every {@link SqliteTelemetryConfig#flushInterval()} or when
 * woken because the active log is full. Holds the store's maintenance lock while it works, and its append lock only to
 * switch logs.
 */
final class Compactor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    private static final int MERGES_PER_TRANSACTION = 100;

    private record SlotKey(long seriesId, long slot) {}

    private final SqliteDatabase db;
    private final SqliteTelemetryConfig config;
    private final MemTable memtable;
    private final BlockStore blocks;
    private final Map<Long, TelemetryPoint> latest;
    private final ReentrantLock appendLock;
    private final Condition logSwitched;
    private final ReentrantLock maintenanceLock;
    private final Clock clock;
    /** Per series, an upper bound of its blocks' end time; guarded by the maintenance lock. */
    private final Map<Long, Long> lastEnds = new HashMap<>();

    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wake = wakeLock.newCondition();
    private boolean woken;
    private volatile boolean closed;
    private Thread thread;

    Compactor(
            SqliteDatabase db,
            SqliteTelemetryConfig config,
            MemTable memtable,
            BlockStore blocks,
            Map<Long, TelemetryPoint> latest,
            ReentrantLock appendLock,
            Condition logSwitched,
            ReentrantLock maintenanceLock,
            Clock clock) {
        this.db = db;
        this.config = config;
        this.memtable = memtable;
        this.blocks = blocks;
        this.latest = latest;
        this.appendLock = appendLock;
        this.logSwitched = logSwitched;
        this.maintenanceLock = maintenanceLock;
        this.clock = clock;
    }

    synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, "telemetry-compactor");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Asks the thread to compact now. */
    void wake() {
        wakeLock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void run() {
        long backoffNanos = 0;
        while (!closed) {
            try {
                awaitWork(backoffNanos);
                if (closed) {
                    return;
                }
                flush();
                merge(false);
                backoffNanos = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("telemetry compaction failed; retrying", e);
                backoffNanos = TimeUnit.SECONDS.toNanos(5);
            }
        }
    }

    private void awaitWork(long minimumNanos) throws InterruptedException {
        long interval = Math.max(minimumNanos, config.flushInterval().toNanos());
        wakeLock.lock();
        try {
            long remaining = interval;
            while (!woken && !closed && remaining > 0) {
                remaining = wake.awaitNanos(remaining);
            }
            woken = false;
        } finally {
            wakeLock.unlock();
        }
    }

    /** Moves everything in the logs into blocks (the frozen generation first, if a failed flush left one). */
    void flushAll() {
        flush();
        flush();
    }

    /** One flush step; returns the points moved. */
    long flush() {
        maintenanceLock.lock();
        try {
            MemTable.Generation frozen = memtable.generations().frozen();
            if (frozen == null) {
                if (memtable.generations().active().points() == 0) {
                    return 0;
                }
                frozen = switchLogs();
            }
            return write(frozen);
        } finally {
            maintenanceLock.unlock();
        }
    }

    private MemTable.Generation switchLogs() {
        appendLock.lock();
        try {
            int next = 1 - memtable.generations().active().logTable;
            db.write(c -> {
                LogTables.setActiveLog(c, next);
                return null;
            });
            MemTable.Generation frozen = memtable.freeze();
            logSwitched.signalAll();
            return frozen;
        } finally {
            appendLock.unlock();
        }
    }

    private long write(MemTable.Generation frozen) {
        long startNanos = System.nanoTime();
        Map<Long, PointColumns> copies = new HashMap<>();
        long points = 0;
        for (Long seriesId : frozen.series.keySet()) {
            PointColumns copy = frozen.copy(seriesId, Long.MIN_VALUE, Long.MAX_VALUE);
            if (copy != null && copy.size() > 0) {
                copies.put(seriesId, copy);
                points += copy.size();
            }
        }
        List<Long> unknown = new ArrayList<>();
        for (Long seriesId : copies.keySet()) {
            if (!lastEnds.containsKey(seriesId)) {
                unknown.add(seriesId);
            }
        }
        if (!unknown.isEmpty()) {
            db.read(c -> {
                for (Long seriesId : unknown) {
                    lastEnds.put(seriesId, BlockStore.lastEnd(c, seriesId));
                }
                return null;
            });
        }
        // points after every block of their series (the usual case) are encoded before the write lock is taken;
        // the others are merged with the blocks they overlap inside the transaction
        List<BlockStore.EncodedBlock> appended = new ArrayList<>();
        Map<Long, PointColumns> overlapping = new HashMap<>();
        for (Map.Entry<Long, PointColumns> series : copies.entrySet()) {
            if (series.getValue().time(0) > lastEnds.get(series.getKey())) {
                appended.addAll(blocks.encode(series.getKey(), series.getValue()));
            } else {
                overlapping.put(series.getKey(), series.getValue());
            }
        }
        long encodedNanos = System.nanoTime();
        db.write(c -> {
            blocks.insert(c, appended);
            try (PreparedStatement unmerged =
                    c.prepareStatement("INSERT OR IGNORE INTO telemetry_unmerged (series_id, slot) VALUES (?, ?)")) {
                for (BlockStore.EncodedBlock block : appended) {
                    markUnmerged(unmerged, block.seriesId(), block.slot());
                }
                for (Map.Entry<Long, PointColumns> series : overlapping.entrySet()) {
                    for (long slot : blocks.write(c, series.getKey(), series.getValue())) {
                        markUnmerged(unmerged, series.getKey(), slot);
                    }
                }
                unmerged.executeBatch();
            }
            try (PreparedStatement upsert = c.prepareStatement(
                    "INSERT INTO telemetry_latest (series_id, ts, kind, value)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (series_id) DO UPDATE SET ts = excluded.ts,"
                            + " kind = excluded.kind, value = excluded.value WHERE excluded.ts >= telemetry_latest.ts")) {
                for (Long seriesId : copies.keySet()) {
                    TelemetryPoint point = latest.get(seriesId);
                    if (point != null) {
                        LogTables.bind(upsert, seriesId, point.timeMicros(), point.value());
                        upsert.addBatch();
                    }
                }
                upsert.executeBatch();
            }
            LogTables.clear(c, frozen.logTable);
            return null;
        });
        long writtenNanos = System.nanoTime();
        log.debug(
                "telemetry flush: {} points of {} series, {} ms encoding, {} ms in the write transaction",
                points,
                copies.size(),
                (encodedNanos - startNanos) / 1_000_000,
                (writtenNanos - encodedNanos) / 1_000_000);
        copies.forEach((seriesId, copy) -> lastEnds.merge(seriesId, copy.time(copy.size() - 1), Math::max));
        memtable.dropFrozen();
        appendLock.lock();
        try {
            logSwitched.signalAll();
        } finally {
            appendLock.unlock();
        }
        return points;
    }

    private static void markUnmerged(PreparedStatement unmerged, long seriesId, long slot) throws SQLException {
        unmerged.setLong(1, seriesId);
        unmerged.setLong(2, slot);
        unmerged.addBatch();
    }

    /**
     * Merges the small blocks of finished hours ({@code all}: of every hour with blocks to merge). The merged blocks
     * are read and encoded on a read connection; only their replacement holds the write lock.
     *
     * @return the hours rewritten
     */
    int merge(boolean all) {
        long closedBefore = all
                ? Long.MAX_VALUE
                : clock.millis() * 1000 - config.flushInterval().toNanos() / 1000 - BlockStore.SLOT_MICROS;
        int merged = 0;
        while (all || !closed) {
            maintenanceLock.lock();
            try {
                List<SlotKey> due = new ArrayList<>();
                List<BlockStore.MergePlan> plans = db.read(c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "SELECT series_id, slot FROM telemetry_unmerged WHERE slot <= ? LIMIT ?")) {
                        s.setLong(1, closedBefore);
                        s.setInt(2, MERGES_PER_TRANSACTION);
                        try (var rs = s.executeQuery()) {
                            while (rs.next()) {
                                due.add(new SlotKey(rs.getLong(1), rs.getLong(2)));
                            }
                        }
                    }
                    List<BlockStore.MergePlan> planned = new ArrayList<>();
                    for (SlotKey key : due) {
                        BlockStore.MergePlan plan = blocks.planMerge(c, key.seriesId(), key.slot());
                        if (plan != null) {
                            planned.add(plan);
                        }
                    }
                    return planned;
                });
                if (due.isEmpty()) {
                    return merged;
                }
                db.write(c -> {
                    for (BlockStore.MergePlan plan : plans) {
                        blocks.apply(c, plan);
                    }
                    try (PreparedStatement done =
                            c.prepareStatement("DELETE FROM telemetry_unmerged WHERE series_id = ? AND slot = ?")) {
                        for (SlotKey key : due) {
                            done.setLong(1, key.seriesId());
                            done.setLong(2, key.slot());
                            done.addBatch();
                        }
                        done.executeBatch();
                    }
                    return null;
                });
                merged += plans.size();
                if (due.size() < MERGES_PER_TRANSACTION) {
                    return merged;
                }
            } finally {
                maintenanceLock.unlock();
            }
        }
        return merged;
    }

    @Override
    public void close() {
        closed = true;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
