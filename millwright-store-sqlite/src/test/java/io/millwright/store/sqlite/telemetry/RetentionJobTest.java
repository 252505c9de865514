package io.millwright.store.sqlite.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.device.Device;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.RetentionJob;
import io.millwright.core.telemetry.RetentionPolicy;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.core.tenant.Tenant;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

    private static final Instant NOW = Instant.parse("2024-11-21T12:00:00Z");
    private static final List<Duration> AGES =
            List.of(Duration.ofDays(400), Duration.ofDays(100), Duration.ofDays(10), Duration.ofHours(12));

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteTelemetryStore telemetry;
    private SqliteTenantStore tenants;
    private SqliteDeviceStore devices;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(new SqliteConfig(dir.resolve("t.db"), "NORMAL", 2, 8 * 1024));
        telemetry = SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
        tenants = new SqliteTenantStore(db);
        devices = new SqliteDeviceStore(db);
    }

    @AfterEach
    void close() {
        telemetry.close();
        db.close();
    }

    @Test
    void device_type_and_tenant_overrides_take_precedence_over_the_default_ttl() {
        tenant("a");
        tenant("b");
        device("a", "pump-1", "pump");
        device("a", "sensor-1", null);
        device("b", "x-1", "pump-like");
        telemetry.compact();
        RetentionPolicy policy = new RetentionPolicy(
                Duration.ofDays(30), Map.of("b", Duration.ofDays(1)), Map.of("pump", Duration.ofDays(365)));

        long deleted = new RetentionJob(telemetry, tenants, devices, policy, Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(ages("a", "pump-1"))
                .containsExactly(Duration.ofDays(100), Duration.ofDays(10), Duration.ofHours(12));
        assertThat(ages("a", "sensor-1")).containsExactly(Duration.ofDays(10), Duration.ofHours(12));
        assertThat(ages("b", "x-1")).containsExactly(Duration.ofHours(12));
        assertThat(deleted).isEqualTo(1 + 2 + 3);
    }

    @Test
    void without_a_default_ttl_only_overridden_data_expires() {
        tenant("a");
        device("a", "pump-1", "pump");
        device("a", "sensor-1", null);
        RetentionPolicy policy = new RetentionPolicy(null, Map.of(), Map.of("pump", Duration.ofDays(365)));

        new RetentionJob(telemetry, tenants, devices, policy, Clock.fixed(NOW, ZoneOffset.UTC)).run();

        assertThat(ages("a", "pump-1")).hasSize(3);
        assertThat(ages("a", "sensor-1")).hasSize(4);
    }

    private void tenant(String id) {
        tenants.create(new Tenant(id, "tenant-" + id, NOW));
    }

    private void device(String tenant, String id, String type) {
        devices.create(new Device(id, tenant, id, type, Map.of(), List.of(), NOW, NOW), "digest-" + id);
        List<TelemetryPoint> points = new ArrayList<>();
        for (Duration age : AGES) {
            points.add(new TelemetryPoint("k", NOW.minus(age).toEpochMilli() * 1000, new TelemetryValue.LongValue(1)));
        }
        telemetry.append(List.of(new DeviceTelemetry(tenant, id, points)));
    }

    private List<Duration> ages(String tenant, String device) {
        return telemetry
                .query(tenant, device, RawQuery.of(List.of("k"), 0, NOW.toEpochMilli(), 100, Order.ASC))
                .items()
                .stream()
                .map(p -> Duration.ofMillis(NOW.toEpochMilli() - p.timeMillis()))
                .toList();
    }
}
