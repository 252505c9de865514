package io.millwright.store.sqlite.twin;

import io.millwright.core.device.DeviceStore;
import io.millwright.core.tenant.TenantStore;
import io.millwright.core.twin.TwinStore;
import io.millwright.core.twin.TwinStoreContract;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteTwinStoreTest extends TwinStoreContract {

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
    protected TwinStore twins() {
        return new SqliteTwinStore(db);
    }
}
