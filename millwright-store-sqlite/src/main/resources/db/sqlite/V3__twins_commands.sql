-- Device twins, connectivity state and history, commands (RPC). Times are epoch milliseconds (UTC).
-- Everything here belongs to one device and is deleted with it.

CREATE TABLE twins (
    device_id        TEXT    NOT NULL PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    tenant_id        TEXT    NOT NULL,
    reported         TEXT    NOT NULL,
    reported_version INTEGER NOT NULL,
    reported_times   TEXT    NOT NULL,
    desired          TEXT    NOT NULL,
    desired_version  INTEGER NOT NULL,
    desired_times    TEXT    NOT NULL
) STRICT;

CREATE TABLE connectivity_state (
    device_id            TEXT    NOT NULL PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    tenant_id            TEXT    NOT NULL,
    device_name          TEXT    NOT NULL,
    online               INTEGER NOT NULL,
    last_seen            INTEGER,
    last_connected_at    INTEGER,
    last_disconnected_at INTEGER,
    remote_address       TEXT,
    protocol             TEXT
) STRICT;

CREATE INDEX connectivity_state_online ON connectivity_state (online) WHERE online = 1;

CREATE TABLE connectivity_events (
    seq            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    device_id      TEXT    NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    tenant_id      TEXT    NOT NULL,
    device_name    TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    remote_address TEXT,
    protocol       TEXT,
    reason         TEXT
) STRICT;

CREATE INDEX connectivity_events_by_device ON connectivity_events (device_id, at, seq);
CREATE INDEX connectivity_events_by_time ON connectivity_events (at);

-- seq gives the creation order that delivery follows per device.
CREATE TABLE commands (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    tenant_id   TEXT    NOT NULL,
    device_id   TEXT    NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    device_name TEXT    NOT NULL,
    method      TEXT    NOT NULL,
    params      TEXT    NOT NULL,
    oneway      INTEGER NOT NULL,
    ttl_ms      INTEGER NOT NULL,
    timeout_ms  INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    deadline_at INTEGER,
    updated_at  INTEGER NOT NULL,
    result      TEXT,
    error       TEXT
) STRICT;

CREATE INDEX commands_by_device ON commands (device_id, seq);
CREATE INDEX commands_by_device_status ON commands (device_id, status, seq);
-- Only unfinished commands are scanned by the expiry/timeout sweep and on start.
CREATE INDEX commands_unfinished ON commands (status, seq) WHERE status IN ('QUEUED', 'SENT', 'DELIVERED');

CREATE TABLE command_history (
    command_seq INTEGER NOT NULL REFERENCES commands (seq) ON DELETE CASCADE,
    status      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    detail      TEXT
) STRICT;

CREATE INDEX command_history_by_command ON command_history (command_seq);
