package io.millwright.store.sqlite.command;

import io.millwright.core.command.Command;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.command.CommandStore;
import io.millwright.core.command.CommandTransition;
import io.millwright.core.common.Page;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.store.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link CommandStore} on the embedded database. The autoincrement {@code seq} column records creation order (delivery
 * order per device) and is the paging cursor. A transition's status check, update and history row are one write
 * transaction.
 */
public final class SqliteCommandStore implements CommandStore {

    private static final String COLUMNS = "seq, id, tenant_id, device_id, device_name, method, params, oneway, ttl_ms,"
            + " timeout_ms, status, created_at, expires_at, sent_at, deadline_at, updated_at, result, error";
    private static final String UNFINISHED = "(status IN ('QUEUED', 'SENT') OR (status = 'DELIVERED' AND oneway = 0))";

    private final SqliteDatabase db;

    public SqliteCommandStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void create(Command command) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO commands (id, tenant_id, device_id,"
                    + " device_name, method, params, oneway, ttl_ms, timeout_ms, status, created_at, expires_at,"
                    + " sent_at, deadline_at, updated_at, result, error)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, command.id());
                ps.setString(2, command.device().tenantId());
                ps.setString(3, command.device().deviceId());
                ps.setString(4, command.device().deviceName());
                ps.setString(5, command.method());
                ps.setString(6, JsonDocuments.print(command.params()));
                ps.setInt(7, command.oneway() ? 1 : 0);
                ps.setLong(8, command.ttl().toMillis());
                ps.setLong(9, command.timeout().toMillis());
                ps.setString(10, command.status().name());
                ps.setLong(11, command.createdAt().toEpochMilli());
                ps.setLong(12, command.expiresAt().toEpochMilli());
                setInstant(ps, 13, command.sentAt());
                setInstant(ps, 14, command.deadlineAt());
                ps.setLong(15, command.updatedAt().toEpochMilli());
                ps.setString(16, command.result() == null ? null : JsonDocuments.print(command.result()));
                ps.setString(17, command.error());
                ps.executeUpdate();
            }
            appendHistory(c, command, null);
            return null;
        });
    }

    @Override
    public Optional<Command> find(String tenantId, String commandId) {
        List<Row> rows =
                query("SELECT " + COLUMNS + " FROM commands WHERE tenant_id = ? AND id = ?", tenantId, commandId);
        return rows.stream().findFirst().map(Row::command);
    }

    @Override
    public boolean transition(Command next, CommandStatus expected, String detail) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET status = ?, sent_at = ?,"
                    + " deadline_at = ?, updated_at = ?, result = ?, error = ?"
                    + " WHERE tenant_id = ? AND id = ? AND status = ?")) {
                ps.setString(1, next.status().name());
                setInstant(ps, 2, next.sentAt());
                setInstant(ps, 3, next.deadlineAt());
                ps.setLong(4, next.updatedAt().toEpochMilli());
                ps.setString(5, next.result() == null ? null : JsonDocuments.print(next.result()));
                ps.setString(6, next.error());
                ps.setString(7, next.device().tenantId());
                ps.setString(8, next.id());
                ps.setString(9, expected.name());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            appendHistory(c, next, detail);
            return true;
        });
    }

    @Override
    public List<CommandTransition> history(String tenantId, String commandId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT h.status, h.at, h.detail FROM command_history h"
                    + " JOIN commands c ON c.seq = h.command_seq WHERE c.tenant_id = ? AND c.id = ?"
                    + " ORDER BY h.rowid")) {
                ps.setString(1, tenantId);
                ps.setString(2, commandId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<CommandTransition> history = new ArrayList<>();
                    while (rs.next()) {
                        history.add(new CommandTransition(
                                CommandStatus.valueOf(rs.getString(1)),
                                Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3)));
                    }
                    return history;
                }
            }
        });
    }

    @Override
    public Page<Command> list(String tenantId, String deviceId, Set<CommandStatus> statuses, String after, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM commands WHERE tenant_id = ? AND device_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId, deviceId));
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (")
                    .append(statuses.stream().map(s -> "?").collect(Collectors.joining(", ")))
                    .append(')');
            statuses.forEach(s -> args.add(s.name()));
        }
        if (after != null) {
            sql.append(" AND seq < ?");
            args.add(Long.parseLong(after));
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit + 1);
        List<Row> rows = query(sql.toString(), args.toArray());
        if (rows.size() <= limit) {
            return new Page<>(rows.stream().map(Row::command).toList(), null);
        }
        List<Row> page = rows.subList(0, limit);
        return new Page<>(
                page.stream().map(Row::command).toList(),
                Long.toString(page.get(limit - 1).seq()));
    }

    @Override
    public List<Command> queued(String tenantId, String deviceId) {
        return commands(
                "SELECT " + COLUMNS + " FROM commands WHERE tenant_id = ? AND device_id = ? AND status = 'QUEUED'"
                        + " ORDER BY seq",
                tenantId,
                deviceId);
    }

    @Override
    public List<Command> unfinished() {
        return commands("SELECT " + COLUMNS + " FROM commands WHERE " + UNFINISHED + " ORDER BY seq");
    }

    @Override
    public List<Command> due(Instant now) {
        long at = now.toEpochMilli();
        return commands(
                "SELECT " + COLUMNS + " FROM commands WHERE " + UNFINISHED
                        + " AND ((status = 'QUEUED' AND expires_at <= ?) OR (status <> 'QUEUED' AND deadline_at <= ?))"
                        + " ORDER BY seq",
                at,
                at);
    }

    @Override
    public int countUnfinished(String tenantId, String deviceId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM commands" + " WHERE tenant_id = ? AND device_id = ? AND " + UNFINISHED)) {
                ps.setString(1, tenantId);
                ps.setString(2, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** A command with its creation sequence number. */
    private record Row(long seq, Command command) {}

    private List<Command> commands(String sql, Object... args) {
        return query(sql, args).stream().map(Row::command).toList();
    }

    private List<Row> query(String sql, Object... args) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<Row> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), command(rs)));
                    }
                    return rows;
                }
            }
        });
    }

    private static Command command(ResultSet rs) throws SQLException {
        String result = rs.getString(17);
        return new Command(
                rs.getString(2),
                new DeviceRef(rs.getString(3), rs.getString(4), rs.getString(5)),
                rs.getString(6),
                JsonDocuments.read(rs.getString(7)),
                rs.getInt(8) != 0,
                Duration.ofMillis(rs.getLong(9)),
                Duration.ofMillis(rs.getLong(10)),
                CommandStatus.valueOf(rs.getString(11)),
                Instant.ofEpochMilli(rs.getLong(12)),
                Instant.ofEpochMilli(rs.getLong(13)),
                instant(rs, 14),
                instant(rs, 15),
                Instant.ofEpochMilli(rs.getLong(16)),
                result == null ? null : JsonDocuments.read(result),
                rs.getString(18));
    }

    private static void appendHistory(Connection c, Command command, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO command_history (command_seq, status, at, detail)"
                + " SELECT seq, ?, ?, ? FROM commands WHERE id = ?")) {
            ps.setString(1, command.status().name());
            ps.setLong(2, command.updatedAt().toEpochMilli());
            ps.setString(3, detail);
            ps.setString(4, command.id());
            ps.executeUpdate();
        }
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
