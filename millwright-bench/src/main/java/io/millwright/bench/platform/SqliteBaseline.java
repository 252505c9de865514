package io.millwright.bench.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.HdrHistogram.Histogram;

/**
 * The ceiling for durable ingest on this machine: plain JDBC batch inserts of one row per point (series id, time,
 * value) into an unindexed table of a fresh SQLite file, WAL, {@code synchronous=FULL}, one commit per 10,000 points.
 * Nothing a server can do on the same storage engine is faster, so Millwright's ingest rate is reported as a fraction
 * of it, and its acknowledgement latency beside the time one such durable commit takes.
 */
public final class SqliteBaseline {

    static final int BATCH = 10_000;

    /** Enough points for a steady rate (a warm JIT, many commits); inserting more would only lengthen the run. */
    static final long MIN_POINTS = 500_000;

    /** Inserting more than this would only lengthen the run. */
    static final long MAX_POINTS = 3_000_000;

    /**
     * The ceiling measured.
     *
     * @param pointsPerSecond points inserted per second, commits included
     * @param commitP50Micros median time of one batch (insert and durable commit of {@value #BATCH} points)
     * @param commitP99Micros 99th percentile of that time
     */
    public record Result(double pointsPerSecond, long commitP50Micros, long commitP99Micros) {}

    private SqliteBaseline() {}

    /**
     * Inserts {@code points} points (at least {@value #MIN_POINTS}, at most {@value #MAX_POINTS}) spread over {@code
     * series} series.
     */
    static Result run(long points, int series) {
        points = Math.max(MIN_POINTS, Math.min(MAX_POINTS, points));
        Path dir;
        try {
            dir = Files.createTempDirectory("sqlite-baseline-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = dir.resolve("baseline.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE points (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL)");
            }
            c.setAutoCommit(false);
            long t0 = System.currentTimeMillis() * 1000;
            Histogram commits = new Histogram(3);
            long start = System.nanoTime();
            long batchStart = start;
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO points (series_id, ts, value) VALUES (?, ?, ?)")) {
                for (long i = 0; i < points; i++) {
                    ps.setLong(1, i % series);
                    ps.setLong(2, t0 + i / series);
                    ps.setDouble(3, (i * 7 % 1000) / 10.0);
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i + 1 == points) {
                        ps.executeBatch();
                        c.commit();
                        long now = System.nanoTime();
                        commits.recordValue((now - batchStart) / 1000);
                        batchStart = now;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(points / seconds, commits.getValueAtPercentile(50), commits.getValueAtPercentile(99));
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite baseline failed", e);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
