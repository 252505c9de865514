package io.millwright.store.sqlite;

import io.millwright.core.auth.Role;
import io.millwright.core.auth.User;
import io.millwright.core.auth.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} on the embedded database. */
public final class SqliteUserStore implements UserStore {

    private static final String COLUMNS = "id, tenant_id, username, password_hash, role, created_at";

    private final SqliteDatabase db;

    public SqliteUserStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(User user) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, user.id());
                ps.setString(2, user.tenantId());
                ps.setString(3, user.username());
                ps.setString(4, user.passwordHash());
                ps.setString(5, user.role().name());
                ps.setLong(6, user.createdAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
                ps.setString(1, username);
                return first(ps);
            }
        });
    }

    @Override
    public Optional<User> findById(String tenantId, String id) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, id);
                return first(ps);
            }
        });
    }

    @Override
    public List<User> list(String tenantId) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? ORDER BY username")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<User> users = new ArrayList<>();
                    while (rs.next()) {
                        users.add(map(rs));
                    }
                    return users;
                }
            }
        });
    }

    private static Optional<User> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Role.valueOf(rs.getString(5)),
                Instant.ofEpochMilli(rs.getLong(6)));
    }
}
