package io.millwright.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.common.Page;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.device.TopicGrant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DeviceStore} on the embedded database. Labels and grants are stored as JSON text; label filters use SQLite's
 * built-in JSON functions.
 */
public final class SqliteDeviceStore implements DeviceStore {

    private static final String COLUMNS = "id, tenant_id, name, type, labels, grants, created_at, updated_at";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<GrantJson>> GRANTS = new TypeReference<>() {};

    private final SqliteDatabase db;
    private final ObjectMapper json = new ObjectMapper();

    /** The stored form of a grant. */
    private record GrantJson(String action, String filter) {}

    public SqliteDeviceStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Device device, String tokenDigest) {
        String labels = toJson(device.labels());
        String grants = toJson(grantsJson(device.grants()));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO devices (" + COLUMNS + ", token_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, device.id());
                ps.setString(2, device.tenantId());
                ps.setString(3, device.name());
                ps.setString(4, device.type());
                ps.setString(5, labels);
                ps.setString(6, grants);
                ps.setLong(7, device.createdAt().toEpochMilli());
                ps.setLong(8, device.updatedAt().toEpochMilli());
                ps.setString(9, tokenDigest);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Device> findById(String tenantId, String id) {
        return first("SELECT " + COLUMNS + " FROM devices WHERE tenant_id = ? AND id = ?", tenantId, id);
    }

    @Override
    public Optional<Device> findByName(String tenantId, String name) {
        return first("SELECT " + COLUMNS + " FROM devices WHERE tenant_id = ? AND name = ?", tenantId, name);
    }

    @Override
    public Optional<Device> findByTokenDigest(String tokenDigest) {
        return first("SELECT " + COLUMNS + " FROM devices WHERE token_digest = ?", tokenDigest);
    }

    @Override
    public Page<Device> find(DeviceQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM devices WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(query.tenantId());
        if (query.namePrefix() != null && !query.namePrefix().isEmpty()) {
            // Names are ASCII below DEL, so [prefix, prefix + DEL) is exactly the names with that prefix.
            sql.append(" AND name >= ? AND name < ?");
            args.add(query.namePrefix());
            args.add(query.namePrefix() + '\u007f');
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            args.add(query.type());
        }
        query.labels().forEach((key, value) -> {
            sql.append(" AND json_extract(labels, ?) = ?");
            args.add("$.\"" + key + "\"");
            args.add(value);
        });
        if (query.after() != null) {
            sql.append(" AND name > ?");
            args.add(query.after());
        }
        sql.append(" ORDER BY name LIMIT ?");
        args.add(query.limit() + 1);
        List<Device> devices = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                return all(ps);
            }
        });
        if (devices.size() <= query.limit()) {
            return new Page<>(devices, null);
        }
        List<Device> page = devices.subList(0, query.limit());
        return new Page<>(page, page.get(page.size() - 1).name());
    }

    @Override
    public boolean update(Device device) {
        String labels = toJson(device.labels());
        String grants = toJson(grantsJson(device.grants()));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE devices SET type = ?, labels = ?, grants = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")) {
                ps.setString(1, device.type());
                ps.setString(2, labels);
                ps.setString(3, grants);
                ps.setLong(4, device.updatedAt().toEpochMilli());
                ps.setString(5, device.tenantId());
                ps.setString(6, device.id());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean updateTokenDigest(String tenantId, String id, String tokenDigest) {
        return db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE devices SET token_digest = ? WHERE tenant_id = ? AND id = ?")) {
                ps.setString(1, tokenDigest);
                ps.setString(2, tenantId);
                ps.setString(3, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM devices WHERE tenant_id = ? AND id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private Optional<Device> first(String sql, String... args) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                List<Device> devices = all(ps);
                return devices.isEmpty() ? Optional.empty() : Optional.of(devices.get(0));
            }
        });
    }

    private List<Device> all(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Device> devices = new ArrayList<>();
            while (rs.next()) {
                devices.add(new Device(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        fromJson(rs.getString(5), LABELS),
                        fromJson(rs.getString(6), GRANTS).stream()
                                .map(g -> new TopicGrant(TopicGrant.Action.valueOf(g.action()), g.filter()))
                                .toList(),
                        Instant.ofEpochMilli(rs.getLong(7)),
                        Instant.ofEpochMilli(rs.getLong(8))));
            }
            return devices;
        }
    }

    private static List<GrantJson> grantsJson(List<TopicGrant> grants) {
        return grants.stream()
                .map(g -> new GrantJson(g.action().name(), g.filter()))
                .toList();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("corrupt JSON column: " + text, e);
        }
    }
}
