package io.millwright.store.sqlite;

import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TenantStore} on the embedded database. */
public final class SqliteTenantStore implements TenantStore {

    private final SqliteDatabase db;

    public SqliteTenantStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Tenant tenant) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, tenant.id());
                ps.setString(2, tenant.name());
                ps.setLong(3, tenant.createdAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Tenant> findByName(String name) {
        return one("SELECT id, name, created_at FROM tenants WHERE name = ?", name);
    }

    @Override
    public Optional<Tenant> findById(String id) {
        return one("SELECT id, name, created_at FROM tenants WHERE id = ?", id);
    }

    @Override
    public List<Tenant> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created_at FROM tenants ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                List<Tenant> tenants = new ArrayList<>();
                while (rs.next()) {
                    tenants.add(map(rs));
                }
                return tenants;
            }
        });
    }

    private Optional<Tenant> one(String sql, String arg) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Tenant map(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
    }
}
