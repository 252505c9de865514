-- Persistent MQTT sessions (while their clients are offline) and retained messages, written behind the broker.
CREATE TABLE mqtt_sessions (
    tenant_id       TEXT    NOT NULL,
    client_id       TEXT    NOT NULL,
    expiry_interval INTEGER NOT NULL,
    disconnected_at INTEGER,
    subscriptions   TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, client_id)
) STRICT;

CREATE TABLE mqtt_session_messages (
    tenant_id        TEXT    NOT NULL,
    client_id        TEXT    NOT NULL,
    seq              INTEGER NOT NULL,
    topic            TEXT    NOT NULL,
    payload          BLOB    NOT NULL,
    qos              INTEGER NOT NULL,
    retain           INTEGER NOT NULL,
    properties       TEXT,
    subscription_ids TEXT,
    expires_at       INTEGER,
    packet_id        INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, client_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE mqtt_retained (
    tenant_id  TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    payload    BLOB    NOT NULL,
    qos        INTEGER NOT NULL,
    properties TEXT,
    stored_at  INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (tenant_id, topic)
) STRICT;
