package io.millwright.store.sqlite.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL over {@code telemetry_block}. Invariants every method keeps: a block holds the points of one series within one
 * UTC hour (a <em>slot</em>), sorted and one per time, and the time ranges of a series' blocks never overlap, so block
 * summaries add up without double counting.
 */
final class BlockStore {

    static final long SLOT_MICROS = 3_600_000_000L;

    private static final String SUMMARY_COLUMNS = "start_ts, end_ts, count, num_count, sum, min, max";
    private static final String IN_RANGE =
            " FROM telemetry_block WHERE series_id = ? AND start_ts > ? AND start_ts <= ? AND end_ts >= ?";

    private final int maxBlockPoints;

    BlockStore(int maxBlockPoints) {
        this.maxBlockPoints = maxBlockPoints;
    }

    static long slotStart(long time) {
        return Math.floorDiv(time, SLOT_MICROS) * SLOT_MICROS;
    }

    /**
     * Stores normalized points of a series, merging them with the blocks whose range they overlap (the new points
     * win). Runs in the caller's transaction.
     *
     * @return the slots that received a new block
     */
    List<Long> write(Connection c, long seriesId, PointColumns points) throws SQLException {
        if (points.size() == 0) {
            return List.of();
        }
        long min = points.time(0);
        long max = points.time(points.size() - 1);
        PointColumns older = new PointColumns(0);
        List<Long> replaced = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT rowid, data" + IN_RANGE + " ORDER BY start_ts")) {
            bindRange(s, seriesId, min, max);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    replaced.add(rs.getLong(1));
                    BlockCodec.decode(rs.getBytes(2), older);
                }
            }
        }
        PointColumns merged = points;
        if (!replaced.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM telemetry_block WHERE rowid = ?")) {
                for (long rowid : replaced) {
                    delete.setLong(1, rowid);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            merged = PointColumns.merge(older, points);
        }
        return insert(c, seriesId, merged);
    }

    /** A block ready to insert: encoding is CPU work the compactor does before it takes the write lock. */
    record EncodedBlock(long seriesId, BlockSummary summary, byte[] data) {
        long slot() {
            return slotStart(summary.start());
        }
    }

    /** Encodes normalized points as blocks, split by slot and size. */
    List<EncodedBlock> encode(long seriesId, PointColumns points) {
        List<EncodedBlock> result = new ArrayList<>();
        int from = 0;
        while (from < points.size()) {
            long slot = slotStart(points.time(from));
            int to = Math.min(points.lowerBound(slot + SLOT_MICROS), from + maxBlockPoints);
            result.add(
                    new EncodedBlock(seriesId, BlockSummary.of(points, from, to), BlockCodec.encode(points, from, to)));
            from = to;
        }
        return result;
    }

    /** Inserts normalized points as new blocks, split by slot and size; returns the slots written. */
    List<Long> insert(Connection c, long seriesId, PointColumns points) throws SQLException {
        List<EncodedBlock> encoded = encode(seriesId, points);
        insert(c, encoded);
        List<Long> slots = new ArrayList<>();
        for (EncodedBlock block : encoded) {
            if (slots.isEmpty() || slots.get(slots.size() - 1).longValue() != block.slot()) {
                slots.add(block.slot());
            }
        }
        return slots;
    }

    /** Inserts encoded blocks. */
    void insert(Connection c, List<EncodedBlock> encoded) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO telemetry_block (series_id, " + SUMMARY_COLUMNS
                + ", data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (EncodedBlock block : encoded) {
                BlockSummary summary = block.summary();
                insert.setLong(1, block.seriesId());
                insert.setLong(2, summary.start());
                insert.setLong(3, summary.end());
                insert.setInt(4, summary.count());
                insert.setInt(5, summary.numericCount());
                insert.setDouble(6, summary.sum());
                setNullable(insert, 7, summary.min());
                setNullable(insert, 8, summary.max());
                insert.setBytes(9, block.data());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The end of the last block of a series, or {@link Long#MIN_VALUE} if it has none. */
    static long lastEnd(Connection c, long seriesId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT end_ts FROM telemetry_block WHERE series_id = ? ORDER BY start_ts DESC LIMIT 1")) {
            s.setLong(1, seriesId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    /**
     * A planned merge of one slot: the blocks to delete and their replacement.
     *
     * @param rowids the blocks replaced
     * @param blocks the replacement
     */
    record MergePlan(List<Long> rowids, List<EncodedBlock> blocks) {}

    /**
     * Plans the rewrite of the blocks of one slot of a series as few full blocks; {@code null} if they are already as
     * few as possible. Reads only, so it can run on a read connection while no one else writes blocks.
     */
    MergePlan planMerge(Connection c, long seriesId, long slot) throws SQLException {
        List<Long> rowids = new ArrayList<>();
        PointColumns points = new PointColumns(0);
        try (PreparedStatement s = c.prepareStatement("SELECT rowid, data FROM telemetry_block"
                + " WHERE series_id = ? AND start_ts >= ? AND start_ts < ? ORDER BY start_ts")) {
            s.setLong(1, seriesId);
            s.setLong(2, slot);
            s.setLong(3, slot + SLOT_MICROS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rowids.add(rs.getLong(1));
                    BlockCodec.decode(rs.getBytes(2), points);
                }
            }
        }
        int needed = (points.size() + maxBlockPoints - 1) / maxBlockPoints;
        if (rowids.size() <= needed) {
            return null;
        }
        return new MergePlan(rowids, encode(seriesId, points));
    }

    /** Applies a plan from {@link #planMerge} in the caller's transaction. */
    void apply(Connection c, MergePlan plan) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM telemetry_block WHERE rowid = ?")) {
            for (long rowid : plan.rowids()) {
                delete.setLong(1, rowid);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        insert(c, plan.blocks());
    }

    /** Summaries of the blocks of a series that overlap {@code [from, to]}, in time order. */
    List<BlockSummary> summaries(Connection c, long seriesId, long from, long to) throws SQLException {
        List<BlockSummary> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + SUMMARY_COLUMNS + IN_RANGE + " ORDER BY start_ts")) {
            bindRange(s, seriesId, from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new BlockSummary(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getInt(3),
                            rs.getInt(4),
                            rs.getDouble(5),
                            nullable(rs, 6),
                            nullable(rs, 7)));
                }
            }
        }
        return result;
    }

    /**
     * Decodes, in time order, the blocks of a series overlapping {@code [from, to]} whose start is in {@code starts}
     * (ascending), in one statement.
     */
    void forEach(Connection c, long seriesId, long from, long to, long[] starts, BlockCodec.Visitor visitor)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT start_ts, data" + IN_RANGE + " AND start_ts >= ? ORDER BY start_ts")) {
            bindRange(s, seriesId, from, to);
            s.setLong(5, starts[0]);
            try (ResultSet rs = s.executeQuery()) {
                int next = 0;
                while (next < starts.length && rs.next()) {
                    if (rs.getLong(1) == starts[next]) {
                        BlockCodec.forEach(rs.getBytes(2), visitor);
                        next++;
                    }
                }
            }
        }
    }

    /**
     * Points of a series in {@code [from, to]} from whole blocks in time order ({@code ascending}) or reverse, stopping
     * after the block that brings the count within the range to {@code wanted}. The result is normalized.
     */
    PointColumns read(Connection c, long seriesId, long from, long to, boolean ascending, int wanted)
            throws SQLException {
        List<PointColumns> blocks = new ArrayList<>();
        int inRange = 0;
        try (PreparedStatement s =
                c.prepareStatement("SELECT data" + IN_RANGE + " ORDER BY start_ts " + (ascending ? "ASC" : "DESC"))) {
            bindRange(s, seriesId, from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (inRange < wanted && rs.next()) {
                    PointColumns block = new PointColumns(0);
                    BlockCodec.decode(rs.getBytes(1), block);
                    PointColumns clipped = block.copyRange(from, to);
                    inRange += clipped.size();
                    blocks.add(clipped);
                }
            }
        }
        if (!ascending) {
            Collections.reverse(blocks);
        }
        PointColumns all = new PointColumns(inRange);
        for (PointColumns block : blocks) {
            for (int i = 0; i < block.size(); i++) {
                all.addFrom(block, i);
            }
        }
        return all;
    }

    /**
     * Deletes the points of a series before {@code cutoff}: whole blocks, and the older part of a block that
     * straddles the cutoff. Returns how many points were deleted.
     */
    long deleteBefore(Connection c, long seriesId, long cutoff) throws SQLException {
        long deleted = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(count), 0) FROM telemetry_block WHERE series_id = ? AND end_ts < ?")) {
            s.setLong(1, seriesId);
            s.setLong(2, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                deleted += rs.next() ? rs.getLong(1) : 0;
            }
        }
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM telemetry_block WHERE series_id = ? AND end_ts < ?")) {
            s.setLong(1, seriesId);
            s.setLong(2, cutoff);
            s.executeUpdate();
        }
        PointColumns straddling = new PointColumns(0);
        List<Long> rowids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT rowid, data FROM telemetry_block"
                + " WHERE series_id = ? AND start_ts > ? AND start_ts < ? AND end_ts >= ?")) {
            s.setLong(1, seriesId);
            s.setLong(2, cutoff - SLOT_MICROS);
            s.setLong(3, cutoff);
            s.setLong(4, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rowids.add(rs.getLong(1));
                    BlockCodec.decode(rs.getBytes(2), straddling);
                }
            }
        }
        for (long rowid : rowids) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM telemetry_block WHERE rowid = ?")) {
                delete.setLong(1, rowid);
                delete.executeUpdate();
            }
        }
        if (!rowids.isEmpty()) {
            deleted += straddling.removeBefore(cutoff);
            insert(c, seriesId, straddling);
        }
        return deleted;
    }

    private static void bindRange(PreparedStatement s, long seriesId, long from, long to) throws SQLException {
        s.setLong(1, seriesId);
        s.setLong(2, from - SLOT_MICROS);
        s.setLong(3, to);
        s.setLong(4, from);
    }

    private static void setNullable(PreparedStatement s, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            s.setNull(index, Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }

    private static double nullable(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? Double.NaN : value;
    }
}
