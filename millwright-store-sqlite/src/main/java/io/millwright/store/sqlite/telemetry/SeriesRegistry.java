package io.millwright.store.sqlite.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Integer ids of series, one per (tenant, device, key), cached in memory for the life of the store.
 *
 * <p>New ids are created inside the append transaction by the single writer and become visible to readers only after
 * {@link #publish} (called after commit), so a rolled-back append leaves no id behind.
 */
final class SeriesRegistry {

    /** A device, the unit telemetry is queried and purged by. */
    record DeviceRef(String tenantId, String deviceId) {}

    /** The identity of a series. */
    record Series(long id, DeviceRef device, String key) {}

    private final Map<DeviceRef, Map<String, Series>> byDevice = new ConcurrentHashMap<>();
    private final Map<Long, Series> byId = new ConcurrentHashMap<>();

    /** Loads every series; called once on open. */
    void load(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("SELECT id, tenant_id, device_id, key FROM telemetry_series")) {
            while (rs.next()) {
                publish(new Series(rs.getLong(1), new DeviceRef(rs.getString(2), rs.getString(3)), rs.getString(4)));
            }
        }
    }

    Series find(DeviceRef device, String key) {
        Map<String, Series> keys = byDevice.get(device);
        return keys == null ? null : keys.get(key);
    }

    /** Key to series of a device; empty if it has none. */
    Map<String, Series> ofDevice(DeviceRef device) {
        return byDevice.getOrDefault(device, Map.of());
    }

    Series byId(long id) {
        return byId.get(id);
    }

    Iterable<Map.Entry<DeviceRef, Map<String, Series>>> devices() {
        return byDevice.entrySet();
    }

    /** Inserts a new series row within the caller's transaction; {@link #publish} it after commit. */
    static Series insert(PreparedStatement insert, DeviceRef device, String key) throws SQLException {
        insert.setString(1, device.tenantId());
        insert.setString(2, device.deviceId());
        insert.setString(3, key);
        insert.executeUpdate();
        try (var keys = insert.getGeneratedKeys()) {
            keys.next();
            return new Series(keys.getLong(1), device, key);
        }
    }

    static PreparedStatement prepareInsert(Connection connection) throws SQLException {
        return connection.prepareStatement(
                "INSERT INTO telemetry_series (tenant_id, device_id, key) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS);
    }

    void publish(Series series) {
        byDevice.computeIfAbsent(series.device(), d -> new ConcurrentHashMap<>())
                .put(series.key(), series);
        byId.put(series.id(), series);
    }
}
