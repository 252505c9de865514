package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.core.telemetry.TelemetryValue.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQL over the two log tables {@code telemetry_log_0} and {@code telemetry_log_1} (one {@link LogFrame} row per
 * append) and their switch, and the value columns of {@code telemetry_latest}.
 */
final class LogTables {

    private LogTables() {}

    static String name(int log) {
        return "telemetry_log_" + log;
    }

    /** Appends one frame to a log. */
    static void insert(Connection c, int log, byte[] frame, int points) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO " + name(log) + " (points, data) VALUES (?, ?)")) {
            insert.setInt(1, points);
            insert.setBytes(2, frame);
            insert.executeUpdate();
        }
    }

    static void bind(PreparedStatement insert, long seriesId, long time, TelemetryValue value) throws SQLException {
        insert.setLong(1, seriesId);
        insert.setLong(2, time);
        insert.setInt(3, value.kind().code());
        if (value instanceof TelemetryValue.LongValue v) {
            insert.setLong(4, v.value());
        } else if (value instanceof TelemetryValue.DoubleValue v) {
            insert.setDouble(4, v.value());
        } else if (value instanceof TelemetryValue.BooleanValue v) {
            insert.setInt(4, v.value() ? 1 : 0);
        } else if (value instanceof TelemetryValue.StringValue v) {
            insert.setString(4, v.value());
        } else if (value instanceof TelemetryValue.JsonValue v) {
            insert.setString(4, v.json());
        }
    }

    /** Reads a value stored by {@link #bind} (or in {@code telemetry_latest}) at column {@code index}. */
    static TelemetryValue value(ResultSet rs, int kindIndex, int valueIndex) throws SQLException {
        return switch (Kind.ofCode(rs.getInt(kindIndex))) {
            case LONG -> new TelemetryValue.LongValue(rs.getLong(valueIndex));
            case DOUBLE -> new TelemetryValue.DoubleValue(rs.getDouble(valueIndex));
            case BOOLEAN -> TelemetryValue.BooleanValue.of(rs.getInt(valueIndex) != 0);
            case STRING -> new TelemetryValue.StringValue(rs.getString(valueIndex));
            case JSON -> new TelemetryValue.JsonValue(rs.getString(valueIndex));
        };
    }

    static int activeLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT active_log FROM telemetry_state WHERE id = 0")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void setActiveLog(Connection c, int log) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE telemetry_state SET active_log = ? WHERE id = 0")) {
            s.setInt(1, log);
            s.executeUpdate();
        }
    }

    /** Empties a log; a DELETE without WHERE frees its pages at once. */
    static void clear(Connection c, int log) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + name(log));
        }
    }

    /** Visits a log's points in append order. */
    static void replay(Connection c, int log, LogFrame.Visitor visitor) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT data FROM " + name(log) + " ORDER BY id")) {
            while (rs.next()) {
                LogFrame.decode(rs.getBytes(1), visitor);
            }
        }
    }
}
