package io.millwright.store.sqlite.broker;

import com.fasterxml.jackson.core.type.TypeReference;
import io.millwright.core.broker.QueuedMessage;
import io.millwright.core.broker.SessionOwner;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.StoredSession;
import io.millwright.core.broker.StoredSubscription;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SessionStore} on the embedded database: one row per session with its subscriptions as JSON, its owner and its
 * inbound QoS 2 packet ids, and one row per outbound message in delivery order ({@code seq}). Each {@link #apply}
 * batch is one transaction, committed before it returns (acknowledgements wait for it).
 */
public final class SqliteSessionStore implements SessionStore {

    private static final TypeReference<List<StoredSubscription>> SUBSCRIPTIONS = new TypeReference<>() {};
    private static final TypeReference<List<Integer>> IDS = new TypeReference<>() {};

    private final SqliteDatabase db;

    public SqliteSessionStore(SqliteDatabase db) {
        this.db = db;
    }

    private record Key(String tenantId, String clientId) {}

    @Override
    public List<StoredSession> loadAll() {
        return db.read(c -> {
            Map<Key, List<QueuedMessage>> messages = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, client_id, topic, payload, qos, retain,"
                            + " properties, subscription_ids, expires_at, packet_id, state FROM mqtt_session_messages"
                            + " ORDER BY tenant_id, client_id, seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long expires = rs.getLong(9);
                    Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                    String ids = rs.getString(8);
                    messages.computeIfAbsent(new Key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new QueuedMessage(
                                    rs.getString(3),
                                    rs.getBytes(4),
                                    rs.getInt(5),
                                    rs.getInt(6) != 0,
                                    PropertiesJson.read(rs.getString(7)),
                                    ids == null ? List.of() : PropertiesJson.fromJson(ids, IDS),
                                    expiresAt,
                                    rs.getInt(10),
                                    QueuedMessage.State.valueOf(rs.getString(11))));
                }
            }
            List<StoredSession> sessions = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT tenant_id, client_id, expiry_interval, disconnected_at,"
                                    + " subscriptions, owner_kind, owner_name, awaiting_release FROM mqtt_sessions");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long disconnected = rs.getLong(4);
                    Instant disconnectedAt = rs.wasNull() ? null : Instant.ofEpochMilli(disconnected);
                    Key key = new Key(rs.getString(1), rs.getString(2));
                    String ownerKind = rs.getString(6);
                    String awaiting = rs.getString(8);
                    sessions.add(new StoredSession(
                            key.tenantId(),
                            key.clientId(),
                            rs.getLong(3),
                            disconnectedAt,
                            PropertiesJson.fromJson(rs.getString(5), SUBSCRIPTIONS),
                            messages.getOrDefault(key, List.of()),
                            ownerKind == null
                                    ? null
                                    : new SessionOwner(SessionOwner.Kind.valueOf(ownerKind), rs.getString(7)),
                            awaiting == null ? List.of() : PropertiesJson.fromJson(awaiting, IDS)));
                }
            }
            return sessions;
        });
    }

    @Override
    public void apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        db.write(c -> {
            for (Change change : changes) {
                if (change instanceof Save s) {
                    save(c, s.session());
                } else if (change instanceof Append a) {
                    append(c, a.tenantId(), a.clientId(), a.message());
                } else if (change instanceof Delete d) {
                    delete(c, d.tenantId(), d.clientId());
                }
            }
            return null;
        });
    }

    private static void save(Connection c, StoredSession session) throws SQLException {
        delete(c, session.tenantId(), session.clientId());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mqtt_sessions (tenant_id, client_id,"
                + " expiry_interval, disconnected_at, subscriptions, owner_kind, owner_name, awaiting_release)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, session.tenantId());
            ps.setString(2, session.clientId());
            ps.setLong(3, session.sessionExpiryInterval());
            if (session.disconnectedAt() == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setLong(4, session.disconnectedAt().toEpochMilli());
            }
            ps.setString(5, PropertiesJson.toJson(session.subscriptions()));
            SessionOwner owner = session.owner();
            ps.setString(6, owner == null ? null : owner.kind().name());
            ps.setString(7, owner == null ? null : owner.name());
            ps.setString(
                    8, session.awaitingRelease().isEmpty() ? null : PropertiesJson.toJson(session.awaitingRelease()));
            ps.executeUpdate();
        }
        long seq = 0;
        for (QueuedMessage message : session.messages()) {
            insertMessage(c, session.tenantId(), session.clientId(), seq++, message);
        }
    }

    private static void append(Connection c, String tenantId, String clientId, QueuedMessage message)
            throws SQLException {
        try (PreparedStatement exists =
                c.prepareStatement("SELECT 1 FROM mqtt_sessions WHERE tenant_id = ? AND client_id = ?")) {
            exists.setString(1, tenantId);
            exists.setString(2, clientId);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        long next;
        try (PreparedStatement max = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM mqtt_session_messages WHERE tenant_id = ? AND client_id = ?")) {
            max.setString(1, tenantId);
            max.setString(2, clientId);
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                next = rs.getLong(1);
            }
        }
        insertMessage(c, tenantId, clientId, next, message);
    }

    private static void insertMessage(Connection c, String tenantId, String clientId, long seq, QueuedMessage m)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mqtt_session_messages (tenant_id, client_id, seq,"
                + " topic, payload, qos, retain, properties, subscription_ids, expires_at, packet_id, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, tenantId);
            ps.setString(2, clientId);
            ps.setLong(3, seq);
            ps.setString(4, m.topic());
            ps.setBytes(5, m.payload());
            ps.setInt(6, m.qos());
            ps.setInt(7, m.retain() ? 1 : 0);
            ps.setString(8, PropertiesJson.write(m.properties()));
            ps.setString(
                    9,
                    m.subscriptionIdentifiers().isEmpty() ? null : PropertiesJson.toJson(m.subscriptionIdentifiers()));
            if (m.expiresAt() == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setLong(10, m.expiresAt().toEpochMilli());
            }
            ps.setInt(11, m.packetId());
            ps.setString(12, m.state().name());
            ps.executeUpdate();
        }
    }

    private static void delete(Connection c, String tenantId, String clientId) throws SQLException {
        for (String table : new String[] {"mqtt_session_messages", "mqtt_sessions"}) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ? AND client_id = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, clientId);
                ps.executeUpdate();
            }
        }
    }
}
