package io.millwright.store.sqlite.broker;

import io.millwright.core.broker.RetainedMessage;
import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link RetainedMessageStore} on the embedded database; each {@link #apply} batch is one transaction. */
public final class SqliteRetainedMessageStore implements RetainedMessageStore {

    private final SqliteDatabase db;

    public SqliteRetainedMessageStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public List<RetainedMessage> loadAll() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT tenant_id, topic, payload, qos, properties, stored_at, expires_at FROM mqtt_retained");
                    ResultSet rs = ps.executeQuery()) {
                List<RetainedMessage> messages = new ArrayList<>();
                while (rs.next()) {
                    long expires = rs.getLong(7);
                    Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                    messages.add(new RetainedMessage(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBytes(3),
                            rs.getInt(4),
                            PropertiesJson.read(rs.getString(5)),
                            Instant.ofEpochMilli(rs.getLong(6)),
                            expiresAt));
                }
                return messages;
            }
        });
    }

    @Override
    public void apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement put = c.prepareStatement(
                            "INSERT OR REPLACE INTO mqtt_retained "
                                    + "(tenant_id, topic, payload, qos, properties, stored_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement clear =
                            c.prepareStatement("DELETE FROM mqtt_retained WHERE tenant_id = ? AND topic = ?")) {
                for (Change change : changes) {
                    if (change instanceof Put p) {
                        RetainedMessage m = p.message();
                        put.setString(1, m.tenantId());
                        put.setString(2, m.topic());
                        put.setBytes(3, m.payload());
                        put.setInt(4, m.qos());
                        put.setString(5, PropertiesJson.write(m.properties()));
                        put.setLong(6, m.storedAt().toEpochMilli());
                        if (m.expiresAt() == null) {
                            put.setNull(7, Types.INTEGER);
                        } else {
                            put.setLong(7, m.expiresAt().toEpochMilli());
                        }
                        put.executeUpdate();
                    } else if (change instanceof Clear cl) {
                        clear.setString(1, cl.tenantId());
                        clear.setString(2, cl.topic());
                        clear.executeUpdate();
                    }
                }
                return null;
            }
        });
    }
}
