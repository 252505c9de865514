package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.TelemetryStore;
import io.millwright.core.telemetry.TelemetryStoreContract;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteTelemetryStoreTest extends TelemetryStoreContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteTelemetryStore sqlite;

    @Override
    protected TelemetryStore openStore() {
        db = SqliteDatabase.open(new SqliteConfig(dir.resolve("t.db"), "NORMAL", 2, 8 * 1024));
        sqlite = SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
        return sqlite;
    }

    @Override
    protected void compactStorage() {
        sqlite.compact();
    }

    @AfterEach
    void close() {
        sqlite.close();
        db.close();
    }
}
