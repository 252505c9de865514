-- Telemetry, laid out like a small LSM tree (see SqliteTelemetryStore). Times are epoch MICROseconds (UTC).

-- One row per (tenant, device, key); points refer to the integer id.
CREATE TABLE telemetry_series (
    id        INTEGER NOT NULL PRIMARY KEY,
    tenant_id TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    UNIQUE (tenant_id, device_id, key)
) STRICT;

-- Recent points, append-only and without index so that commits stay cheap: one row (a frame of encoded points, see
-- LogFrame) per append transaction. Two tables take turns: appends go to the active one while the compactor turns
-- the other into blocks and then empties it in one cheap DELETE. Queries read these points from memory.
CREATE TABLE telemetry_log_0 (
    id     INTEGER NOT NULL PRIMARY KEY,
    points INTEGER NOT NULL,
    data   BLOB    NOT NULL
) STRICT;

CREATE TABLE telemetry_log_1 (
    id     INTEGER NOT NULL PRIMARY KEY,
    points INTEGER NOT NULL,
    data   BLOB    NOT NULL
) STRICT;

-- Which log receives appends (0 or 1).
CREATE TABLE telemetry_state (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
    active_log INTEGER NOT NULL CHECK (active_log IN (0, 1))
) STRICT;

INSERT INTO telemetry_state (id, active_log) VALUES (0, 0);

-- Compacted points: blocks of one series within one UTC hour, time ranges of a series never overlap. The summary
-- columns are repeated in the covering index so aggregations over whole blocks never read the data pages.
CREATE TABLE telemetry_block (
    series_id   INTEGER NOT NULL,
    start_ts    INTEGER NOT NULL,
    end_ts      INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    num_count   INTEGER NOT NULL,
    sum         REAL    NOT NULL,
    min         REAL,
    max         REAL,
    data        BLOB    NOT NULL
) STRICT;

CREATE INDEX telemetry_block_by_series
    ON telemetry_block (series_id, start_ts, end_ts, count, num_count, sum, min, max);

-- The newest point of each series, written by the compactor; points still in the logs are replayed on open.
CREATE TABLE telemetry_latest (
    series_id INTEGER NOT NULL PRIMARY KEY,
    ts        INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    value     ANY
) STRICT;

-- Hours of a series that received blocks since their last merge; the compactor merges them once the hour is over.
CREATE TABLE telemetry_unmerged (
    series_id INTEGER NOT NULL,
    slot      INTEGER NOT NULL,
    PRIMARY KEY (series_id, slot)
) STRICT, WITHOUT ROWID;
