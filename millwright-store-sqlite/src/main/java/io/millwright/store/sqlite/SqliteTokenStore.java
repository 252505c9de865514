package io.millwright.store.sqlite;

import io.millwright.core.auth.ApiToken;
import io.millwright.core.auth.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TokenStore} on the embedded database. */
public final class SqliteTokenStore implements TokenStore {

    private static final String COLUMNS = "id, tenant_id, user_id, name, kind, digest, created_at, expires_at";

    private final SqliteDatabase db;

    public SqliteTokenStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(ApiToken token) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO api_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.tenantId());
                ps.setString(3, token.userId());
                ps.setString(4, token.name());
                ps.setString(5, token.kind().name());
                ps.setString(6, token.digest());
                ps.setLong(7, token.createdAt().toEpochMilli());
                if (token.expiresAt() == null) {
                    ps.setNull(8, Types.INTEGER);
                } else {
                    ps.setLong(8, token.expiresAt().toEpochMilli());
                }
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiToken> findByDigest(String digest) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiToken> list(String tenantId, String userId, ApiToken.Kind kind) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM api_tokens WHERE tenant_id = ? AND user_id = ? AND kind = ? ORDER BY created_at, id")) {
                ps.setString(1, tenantId);
                ps.setString(2, userId);
                ps.setString(3, kind.name());
                try (ResultSet rs = ps.executeQuery()) {
                    List<ApiToken> tokens = new ArrayList<>();
                    while (rs.next()) {
                        tokens.add(map(rs));
                    }
                    return tokens;
                }
            }
        });
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE tenant_id = ? AND id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static ApiToken map(ResultSet rs) throws SQLException {
        long expires = rs.getLong(8);
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new ApiToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                ApiToken.Kind.valueOf(rs.getString(5)),
                rs.getString(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                expiresAt);
    }
}
