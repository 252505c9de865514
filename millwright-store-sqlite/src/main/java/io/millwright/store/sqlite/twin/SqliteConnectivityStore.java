package io.millwright.store.sqlite.twin;

import io.millwright.core.common.Page;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.twin.connectivity.ConnectivityEvent;
import io.millwright.core.twin.connectivity.ConnectivityState;
import io.millwright.core.twin.connectivity.ConnectivityStore;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConnectivityStore} on the embedded database: one state row per device and an append-only event table whose
 * autoincrement {@code seq} is the paging cursor. {@code lastSeen} batches are one transaction.
 */
public final class SqliteConnectivityStore implements ConnectivityStore {

    private final SqliteDatabase db;

    public SqliteConnectivityStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void record(ConnectivityEvent event, ConnectivityState state) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connectivity_events (device_id, tenant_id,"
                    + " device_name, kind, at, remote_address, protocol, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                DeviceRef device = event.device();
                ps.setString(1, device.deviceId());
                ps.setString(2, device.tenantId());
                ps.setString(3, device.deviceName());
                ps.setLong(5, event.at().toEpochMilli());
                if (event instanceof ConnectivityEvent.Connected connected) {
                    ps.setString(4, "CONNECTED");
                    ps.setString(6, connected.remoteAddress());
                    ps.setString(7, connected.protocol());
                    ps.setString(8, null);
                } else {
                    ps.setString(4, "DISCONNECTED");
                    ps.setString(6, null);
                    ps.setString(7, null);
                    ps.setString(8, ((ConnectivityEvent.Disconnected) event).reason());
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO connectivity_state (device_id,"
                    + " tenant_id, device_name, online, last_seen, last_connected_at, last_disconnected_at,"
                    + " remote_address, protocol) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, state.device().deviceId());
                ps.setString(2, state.device().tenantId());
                ps.setString(3, state.device().deviceName());
                ps.setInt(4, state.online() ? 1 : 0);
                setInstant(ps, 5, state.lastSeen());
                setInstant(ps, 6, state.lastConnectedAt());
                setInstant(ps, 7, state.lastDisconnectedAt());
                ps.setString(8, state.remoteAddress());
                ps.setString(9, state.protocol());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ConnectivityState> state(String tenantId, String deviceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_name, online, last_seen, last_connected_at,"
                    + " last_disconnected_at, remote_address, protocol FROM connectivity_state"
                    + " WHERE tenant_id = ? AND device_id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ConnectivityState(
                            new DeviceRef(tenantId, deviceId, rs.getString(1)),
                            rs.getInt(2) != 0,
                            instant(rs, 3),
                            instant(rs, 4),
                            instant(rs, 5),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
        });
    }

    @Override
    public void updateLastSeen(Map<DeviceRef, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE connectivity_state SET last_seen = ?"
                    + " WHERE tenant_id = ? AND device_id = ? AND (last_seen IS NULL OR last_seen < ?)")) {
                for (Map.Entry<DeviceRef, Instant> entry : lastSeen.entrySet()) {
                    ps.setLong(1, entry.getValue().toEpochMilli());
                    ps.setString(2, entry.getKey().tenantId());
                    ps.setString(3, entry.getKey().deviceId());
                    ps.setLong(4, entry.getValue().toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Page<ConnectivityEvent> events(
            String tenantId, String deviceId, Instant from, Instant to, String after, int limit) {
        String sql = "SELECT seq, device_name, kind, at, remote_address, protocol, reason FROM connectivity_events"
                + " WHERE tenant_id = ? AND device_id = ? AND at >= ? AND at < ?"
                + (after == null ? "" : " AND seq < ?") + " ORDER BY seq DESC LIMIT ?";
        List<long[]> seqs = new ArrayList<>();
        List<ConnectivityEvent> events = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenantId);
                ps.setString(i++, deviceId);
                ps.setLong(i++, from.toEpochMilli());
                ps.setLong(i++, to.toEpochMilli());
                if (after != null) {
                    ps.setLong(i++, Long.parseLong(after));
                }
                ps.setInt(i, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ConnectivityEvent> found = new ArrayList<>();
                    while (rs.next()) {
                        seqs.add(new long[] {rs.getLong(1)});
                        DeviceRef device = new DeviceRef(tenantId, deviceId, rs.getString(2));
                        Instant at = Instant.ofEpochMilli(rs.getLong(4));
                        found.add(
                                rs.getString(3).equals("CONNECTED")
                                        ? new ConnectivityEvent.Connected(device, at, rs.getString(5), rs.getString(6))
                                        : new ConnectivityEvent.Disconnected(device, at, rs.getString(7)));
                    }
                    return found;
                }
            }
        });
        if (events.size() <= limit) {
            return new Page<>(events, null);
        }
        return new Page<>(events.subList(0, limit), Long.toString(seqs.get(limit - 1)[0]));
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM connectivity_events WHERE at < ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int markAllOffline(Instant at, String reason) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connectivity_events (device_id, tenant_id,"
                    + " device_name, kind, at, reason) SELECT device_id, tenant_id, device_name, 'DISCONNECTED', ?, ?"
                    + " FROM connectivity_state WHERE online = 1")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, reason);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE connectivity_state SET online = 0, last_disconnected_at = ? WHERE online = 1")) {
                ps.setLong(1, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
