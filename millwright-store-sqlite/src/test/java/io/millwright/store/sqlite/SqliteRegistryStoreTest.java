package io.millwright.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.Ids;
import io.millwright.core.auth.TokenStore;
import io.millwright.core.auth.UserStore;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.store.RegistryStoreContract;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryStoreTest extends RegistryStoreContract {

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
    protected UserStore users() {
        return new SqliteUserStore(db);
    }

    @Override
    protected TokenStore tokens() {
        return new SqliteTokenStore(db);
    }

    @Override
    protected DeviceStore devices() {
        return new SqliteDeviceStore(db);
    }

    @Test
    void committed_devices_survive_reopening_the_file() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Tenant tenant = new Tenant(Ids.newId(), "reopen", now);
        tenants().create(tenant);
        Device device = new Device(Ids.newId(), tenant.id(), "kept", "t", Map.of("a", "b"), List.of(), now, now);
        devices().create(device, "digest");
        db.close();

        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
        assertThat(devices().findByName(tenant.id(), "kept")).contains(device);
    }

    @Test
    void a_new_database_uses_incremental_auto_vacuum() {
        long mode = db.read(c -> {
            try (var s = c.createStatement();
                    var rs = s.executeQuery("PRAGMA auto_vacuum")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(mode).isEqualTo(2);
    }
}
