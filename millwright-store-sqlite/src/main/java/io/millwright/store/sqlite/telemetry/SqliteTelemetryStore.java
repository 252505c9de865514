package io.millwright.store.sqlite.telemetry;

import io.millwright.core.common.Page;
import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.DeviceSelection;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.DiskUsage;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryStore;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.store.sqlite.SqlWork;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.StorageException;
import io.millwright.store.sqlite.telemetry.SeriesRegistry.DeviceRef;
import io.millwright.store.sqlite.telemetry.SeriesRegistry.Series;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Telemetry in the embedded SQLite database, laid out like a small LSM tree so that ingest stays near SQLite's raw
 * append speed while long-range aggregations read precomputed summaries:
 *
 * <pre>
 *  append ──► telemetry_log_N (no index, one encoded frame row per append) + memtable (per-series columns)
 *                 │ compactor: every flush interval or flush-points
 *                 ▼
 *             telemetry_block (one row per series and hour or part of it: encoded points + count/sum/min/max)
 *                 │ compactor: once the hour is over
 *                 ▼
 *             telemetry_block (one full block per series and hour)
 * </pre>
 *
 * Queries merge blocks and the memtable; the newest copy of a point identity wins. Latest values live in memory and in
 * {@code telemetry_latest}, which the compactor updates (points still in the logs are replayed on open). A purge first
 * moves everything logged into blocks (a frame cannot lose single points), then cuts the blocks.
 *
 * <p>Concurrency model: appends are serialized by the append lock (normally a single {@code TelemetryIngest} writer
 * calls them); the compactor and purges serialize on the maintenance lock and take the append lock only briefly (log
 * switch) or, for purges, throughout. Reads need no store lock. Call {@link #start()} to run the compactor thread and
 * {@link #close()} before closing the database.
 */
public final class SqliteTelemetryStore implements TelemetryStore, AutoCloseable {

    private final SqliteDatabase db;
    private final SqliteTelemetryConfig config;
    private final SeriesRegistry series = new SeriesRegistry();
    private final Map<Long, TelemetryPoint> latest = new ConcurrentHashMap<>();
    private final BlockStore blocks;
    private final TelemetryQueries queries;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Condition logSwitched = appendLock.newCondition();
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final MemTable memtable;
    private final Compactor compactor;

    private SqliteTelemetryStore(SqliteDatabase db, SqliteTelemetryConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.blocks = new BlockStore(config.maxBlockPoints());
        this.queries = new TelemetryQueries(blocks);
        this.memtable = db.read(this::load);
        this.compactor =
                new Compactor(db, config, memtable, blocks, latest, appendLock, logSwitched, maintenanceLock, clock);
    }

    /** Opens the store on a migrated database, loading the series, the latest values and the logs into memory. */
    public static SqliteTelemetryStore open(SqliteDatabase db, SqliteTelemetryConfig config, Clock clock) {
        return new SqliteTelemetryStore(db, config, clock);
    }

    private MemTable load(Connection c) throws SQLException {
        series.load(c);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT series_id, ts, kind, value FROM telemetry_latest")) {
            while (rs.next()) {
                Series known = series.byId(rs.getLong(1));
                if (known != null) {
                    latest.put(known.id(), new TelemetryPoint(known.key(), rs.getLong(2), LogTables.value(rs, 3, 4)));
                }
            }
        }
        int active = LogTables.activeLog(c);
        MemTable table = new MemTable(active);
        MemTable.Generation frozen = table.restoreFrozen();
        LogTables.replay(c, frozen.logTable, (id, time, value) -> replayed(frozen, id, time, value));
        if (frozen.points() == 0) {
            table.dropFrozen();
        }
        MemTable.Generation current = table.generations().active();
        LogTables.replay(c, active, (id, time, value) -> replayed(current, id, time, value));
        return table;
    }

    private void replayed(MemTable.Generation generation, long seriesId, long time, TelemetryValue value) {
        generation.add(seriesId, time, value);
        Series known = series.byId(seriesId);
        if (known != null) {
            updateLatest(new TelemetryPoint(known.key(), time, value), seriesId);
        }
    }

    /** Starts the compactor thread. */
    public void start() {
        compactor.start();
    }

    @Override
    public void append(List<DeviceTelemetry> batch) {
        int total = 0;
        for (DeviceTelemetry telemetry : batch) {
            total += telemetry.points().size();
        }
        if (total == 0) {
            return;
        }
        long[] ids = new long[total];
        appendLock.lock();
        try {
            MemTable.Generation active = awaitRoom();
            Map<String, Series> created = new HashMap<>();
            int points = total;
            db.write(c -> {
                PreparedStatement insertSeries = null;
                try {
                    int i = 0;
                    for (DeviceTelemetry telemetry : batch) {
                        DeviceRef device = new DeviceRef(telemetry.tenantId(), telemetry.deviceId());
                        for (TelemetryPoint point : telemetry.points()) {
                            Series s = series.find(device, point.key());
                            if (s == null) {
                                String name = device.tenantId() + '\n' + device.deviceId() + '\n' + point.key();
                                s = created.get(name);
                                if (s == null) {
                                    if (insertSeries == null) {
                                        insertSeries = SeriesRegistry.prepareInsert(c);
                                    }
                                    s = SeriesRegistry.insert(insertSeries, device, point.key());
                                    created.put(name, s);
                                }
                            }
                            ids[i++] = s.id();
                        }
                    }
                } finally {
                    if (insertSeries != null) {
                        insertSeries.close();
                    }
                }
                LogTables.insert(c, active.logTable, LogFrame.encode(batch, ids, points), points);
                return null;
            });
            created.values().forEach(series::publish);
            int i = 0;
            for (DeviceTelemetry telemetry : batch) {
                for (TelemetryPoint point : telemetry.points()) {
                    long id = ids[i++];
                    active.add(id, point.timeMicros(), point.value());
                    updateLatest(point, id);
                }
            }
            if (active.points() >= config.flushPoints()) {
                compactor.wake();
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** The active generation, once it has room (waiting for the compactor if it is behind). Holds the append lock. */
    private MemTable.Generation awaitRoom() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        MemTable.Generation active = memtable.generations().active();
        while (active.points() >= config.maxActivePoints()) {
            compactor.wake();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new StorageException("telemetry compaction is behind; the log is full", null);
            }
            try {
                logSwitched.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for telemetry compaction", e);
            }
            active = memtable.generations().active();
        }
        return active;
    }

    private void updateLatest(TelemetryPoint point, long seriesId) {
        latest.merge(seriesId, point, (old, now) -> now.timeMicros() >= old.timeMicros() ? now : old);
    }

    @Override
    public Map<String, TelemetryPoint> latest(String tenantId, String deviceId, Collection<String> keys) {
        Map<String, Series> all = series.ofDevice(new DeviceRef(tenantId, deviceId));
        Map<String, TelemetryPoint> result = new LinkedHashMap<>();
        Collection<String> wanted = keys.isEmpty() ? all.keySet() : keys;
        for (String key : wanted) {
            Series s = all.get(key);
            TelemetryPoint point = s == null ? null : latest.get(s.id());
            if (point != null) {
                result.put(key, point);
            }
        }
        return result;
    }

    @Override
    public Page<TelemetryPoint> query(String tenantId, String deviceId, RawQuery query) {
        Map<String, Series> all = series.ofDevice(new DeviceRef(tenantId, deviceId));
        MemTable.Generations generations = memtable.generations();
        List<TelemetryPoint> points = readConsistent(c -> {
            List<TelemetryPoint> found = new ArrayList<>();
            for (String key : query.keys()) {
                Series s = all.get(key);
                if (s != null) {
                    long[] bounds = TelemetryQueries.bounds(query, key);
                    found.addAll(queries.raw(
                            c, generations, s.id(), key, bounds[0], bounds[1], query.order(), query.limit() + 1));
                }
            }
            return found;
        });
        points.sort(TelemetryQueries.order(query.order()));
        if (points.size() <= query.limit()) {
            return new Page<>(points, null);
        }
        List<TelemetryPoint> page = points.subList(0, query.limit());
        return new Page<>(page, RawQuery.Position.of(page.get(page.size() - 1)).encode());
    }

    @Override
    public Map<String, List<Bucket>> aggregate(String tenantId, String deviceId, AggregateQuery query) {
        Map<String, Series> all = series.ofDevice(new DeviceRef(tenantId, deviceId));
        MemTable.Generations generations = memtable.generations();
        return readConsistent(c -> {
            Map<String, List<Bucket>> result = new LinkedHashMap<>();
            for (String key : query.keys()) {
                Series s = all.get(key);
                result.put(key, s == null ? List.of() : queries.aggregate(c, generations, s.id(), query));
            }
            return result;
        });
    }

    /** Runs reads in one read transaction, so they see one committed state even if the compactor commits meanwhile. */
    private <T> T readConsistent(SqlWork<T> work) {
        return db.read(c -> {
            c.setAutoCommit(false);
            try {
                return work.apply(c);
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public long purge(String tenantId, DeviceSelection devices, long cutoffMillis) {
        long cutoff = Math.multiplyExact(cutoffMillis, 1000L);
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<DeviceRef, Map<String, Series>> device : series.devices()) {
            if (device.getKey().tenantId().equals(tenantId)
                    && devices.includes(device.getKey().deviceId())) {
                device.getValue().values().forEach(s -> ids.add(s.id()));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        maintenanceLock.lock();
        appendLock.lock();
        try {
            // log frames cannot lose single points, so everything logged moves into blocks first; appends wait
            compactor.flushAll();
            long deleted = db.write(c -> {
                long n = 0;
                for (long id : ids) {
                    n += blocks.deleteBefore(c, id, cutoff);
                }
                return n;
            });
            return deleted;
        } finally {
            appendLock.unlock();
            maintenanceLock.unlock();
        }
    }

    @Override
    public void reclaimSpace() {
        db.write(c -> {
            // the driver runs one step of the pragma per call, and a step may free only one page
            long free = pragma(c, "freelist_count");
            try (Statement s = c.createStatement()) {
                for (long step = 0; step <= free && pragma(c, "freelist_count") > 0; step++) {
                    s.execute("PRAGMA incremental_vacuum");
                }
            }
            return null;
        });
    }

    @Override
    public DiskUsage diskUsage() {
        return db.read(c -> {
            long pageSize = pragma(c, "page_size");
            long free = pragma(c, "freelist_count") * pageSize;
            long used = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT coalesce(sum(pgsize), 0) FROM dbstat"
                            + " WHERE name LIKE 'telemetry%' OR name LIKE 'sqlite_autoindex_telemetry%'")) {
                used = rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                used = pragma(c, "page_count") * pageSize - free;
            }
            return new DiskUsage(used, free);
        });
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Moves every logged point into blocks and merges the blocks of every hour written since start, now. For tests,
     * benchmarks and a clean shutdown; the compactor thread does the same over time.
     */
    public void compact() {
        compactor.flushAll();
        compactor.merge(true);
    }

    /** Stops the compactor thread; points still in the logs stay there and are replayed on the next open. */
    @Override
    public void close() {
        compactor.close();
    }
}
