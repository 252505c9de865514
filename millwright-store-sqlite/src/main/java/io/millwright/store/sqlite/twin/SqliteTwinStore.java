package io.millwright.store.sqlite.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinSide;
import io.millwright.core.twin.TwinStore;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TwinStore} on the embedded database: one row per device, documents and key times as JSON text. The version
 * check and the write run in one write transaction, which the single writer makes atomic.
 */
public final class SqliteTwinStore implements TwinStore {

    private final SqliteDatabase db;

    public SqliteTwinStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Twin> find(String tenantId, String deviceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT reported, reported_version, reported_times, desired, desired_version, desired_times"
                            + " FROM twins WHERE tenant_id = ? AND device_id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    TwinSide reported = side(rs.getString(1), rs.getLong(2), rs.getString(3));
                    TwinSide desired = side(rs.getString(4), rs.getLong(5), rs.getString(6));
                    return Optional.of(new Twin(tenantId, deviceId, reported, desired));
                }
            }
        });
    }

    @Override
    public boolean save(Twin twin, long expectedReportedVersion, long expectedDesiredVersion) {
        String reported = JsonDocuments.print(twin.reported().document());
        String reportedTimes = times(twin.reported());
        String desired = JsonDocuments.print(twin.desired().document());
        String desiredTimes = times(twin.desired());
        return db.write(c -> {
            Optional<long[]> stored = versions(c, twin);
            boolean expectedAbsent = expectedReportedVersion == 0 && expectedDesiredVersion == 0;
            if (stored.isEmpty()) {
                if (!expectedAbsent) {
                    return false;
                }
            } else if (stored.get()[0] != expectedReportedVersion || stored.get()[1] != expectedDesiredVersion) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO twins (device_id, tenant_id,"
                    + " reported, reported_version, reported_times, desired, desired_version, desired_times)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, twin.deviceId());
                ps.setString(2, twin.tenantId());
                ps.setString(3, reported);
                ps.setLong(4, twin.reported().version());
                ps.setString(5, reportedTimes);
                ps.setString(6, desired);
                ps.setLong(7, twin.desired().version());
                ps.setString(8, desiredTimes);
                ps.executeUpdate();
            }
            return true;
        });
    }

    private static Optional<long[]> versions(Connection c, Twin twin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT reported_version, desired_version FROM twins WHERE tenant_id = ? AND device_id = ?")) {
            ps.setString(1, twin.tenantId());
            ps.setString(2, twin.deviceId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.empty();
            }
        }
    }

    private static String times(TwinSide side) {
        ObjectNode times = JsonNodeFactory.instance.objectNode();
        side.keyUpdatedAt().forEach((key, at) -> times.put(key, at.toEpochMilli()));
        return JsonDocuments.print(times);
    }

    private static TwinSide side(String document, long version, String times) {
        Map<String, Instant> keyTimes = new HashMap<>();
        for (Map.Entry<String, JsonNode> member : JsonDocuments.read(times).properties()) {
            keyTimes.put(member.getKey(), Instant.ofEpochMilli(member.getValue().asLong()));
        }
        return new TwinSide((ObjectNode) JsonDocuments.read(document), version, keyTimes);
    }
}
