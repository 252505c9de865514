package io.millwright.store.sqlite.command;

import io.millwright.core.command.CommandStore;
import io.millwright.core.command.CommandStoreContract;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.tenant.TenantStore;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteCommandStoreTest extends CommandStoreContract {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @Override
    protected void openStores() {
        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected TenantStore tenants() {
        return new SqliteTenantStore(db);
    }

    @Override
    protected DeviceStore devices() {
        return new SqliteDeviceStore(db);
    }

    @Override
    protected CommandStore commands() {
        return new SqliteCommandStore(db);
    }
}
