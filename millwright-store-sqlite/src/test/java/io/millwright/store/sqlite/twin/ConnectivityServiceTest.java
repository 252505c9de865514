package io.millwright.store.sqlite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.device.Device;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.MutableClock;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.DeviceFixtures;
import io.millwright.core.twin.connectivity.ConnectivityEvent;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.core.twin.connectivity.ConnectivityState;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectivityServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Instant t0 = clock.instant();
    private final List<ConnectivityEvent> events = new CopyOnWriteArrayList<>();
    private SqliteDatabase db;
    private SqliteConnectivityStore store;
    private ConnectivityService connectivity;
    private Device pump;
    private Principal.Device pumpItself;
    private Principal.User viewer;
    private Principal.User outsider;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
        DeviceFixtures fixtures = new DeviceFixtures(new SqliteTenantStore(db), new SqliteDeviceStore(db));
        Tenant tenant = fixtures.tenant();
        pump = fixtures.device(tenant, "pump-1");
        pumpItself = new Principal.Device(tenant.id(), pump.id(), pump.name());
        viewer = new Principal.User(tenant.id(), "u2", "victor", Role.VIEWER);
        outsider = new Principal.User(fixtures.tenant().id(), "u3", "mallory", Role.ADMIN);
        store = new SqliteConnectivityStore(db);
        connectivity = new ConnectivityService(store, new SqliteDeviceStore(db), clock);
        connectivity.addListener(events::add);
    }

    @AfterEach
    void close() {
        connectivity.stop();
        db.close();
    }

    @Test
    void connects_and_disconnects_are_stored_and_emitted() {
        connectivity.connected(pumpItself, "c1", "10.0.0.7:5000", "mqtt-5");
        clock.advance(Duration.ofSeconds(30));
        connectivity.disconnected(pumpItself, "c1", "client disconnect");

        ConnectivityState state = connectivity.state(viewer, pump.id());
        assertThat(state)
                .isEqualTo(new ConnectivityState(
                        DeviceRef.of(pump),
                        false,
                        t0.plusSeconds(30),
                        t0,
                        t0.plusSeconds(30),
                        "10.0.0.7:5000",
                        "mqtt-5"));
        assertThat(events)
                .containsExactly(
                        new ConnectivityEvent.Connected(DeviceRef.of(pump), t0, "10.0.0.7:5000", "mqtt-5"),
                        new ConnectivityEvent.Disconnected(
                                DeviceRef.of(pump), t0.plusSeconds(30), "client disconnect"));
        assertThat(connectivity
                        .events(viewer, pump.id(), t0, t0.plusSeconds(60), null, 10)
                        .items())
                .containsExactly(events.get(1), events.get(0));
    }

    @Test
    void last_seen_is_kept_in_memory_until_flushed() {
        connectivity.connected(pumpItself, "c1", "10.0.0.7:5000", "mqtt-5");
        clock.advance(Duration.ofSeconds(7));

        connectivity.seen(pumpItself);

        assertThat(store.state(pumpItself.tenantId(), pump.id()).orElseThrow().lastSeen())
                .as("not written per message")
                .isEqualTo(t0);
        assertThat(connectivity.state(viewer, pump.id()).lastSeen()).isEqualTo(t0.plusSeconds(7));
        connectivity.flush();
        assertThat(store.state(pumpItself.tenantId(), pump.id()).orElseThrow().lastSeen())
                .isEqualTo(t0.plusSeconds(7));
    }

    @Test
    void the_flush_thread_writes_last_seen_periodically() {
        connectivity.start(Duration.ofMillis(20));
        connectivity.connected(pumpItself, "c1", "10.0.0.7:5000", "mqtt-5");
        clock.advance(Duration.ofSeconds(3));
        connectivity.seen(pumpItself);

        await().until(() -> t0.plusSeconds(3)
                .equals(store.state(pumpItself.tenantId(), pump.id())
                        .orElseThrow()
                        .lastSeen()));
    }

    @Test
    void the_late_disconnect_of_a_taken_over_connection_keeps_the_device_online() {
        connectivity.connected(pumpItself, "old", "10.0.0.7:5000", "mqtt-5");
        connectivity.connected(pumpItself, "new", "10.0.0.8:6000", "mqtt-5");

        connectivity.disconnected(pumpItself, "old", "session taken over");

        ConnectivityState state = connectivity.state(viewer, pump.id());
        assertThat(state.online()).isTrue();
        assertThat(state.remoteAddress()).isEqualTo("10.0.0.8:6000");
    }

    @Test
    void a_restart_marks_devices_that_were_online_offline() {
        connectivity.connected(pumpItself, "c1", "10.0.0.7:5000", "mqtt-5");
        clock.advance(Duration.ofMinutes(1));

        ConnectivityService restarted = new ConnectivityService(store, new SqliteDeviceStore(db), clock);
        restarted.start(Duration.ofSeconds(1));
        try {
            assertThat(restarted.state(viewer, pump.id()).online()).isFalse();
        } finally {
            restarted.stop();
        }
    }

    @Test
    void old_events_are_purged_for_retention() {
        connectivity.connected(pumpItself, "c1", "a", "mqtt-5");
        clock.advance(Duration.ofDays(40));
        connectivity.disconnected(pumpItself, "c1", "bye");

        assertThat(connectivity.purgeOlderThan(t0.plus(Duration.ofDays(30)))).isEqualTo(1);

        assertThat(connectivity
                        .events(viewer, pump.id(), t0, t0.plus(Duration.ofDays(41)), null, 10)
                        .items())
                .singleElement()
                .isInstanceOf(ConnectivityEvent.Disconnected.class);
    }

    @Test
    void other_tenants_and_devices_cannot_read_connectivity() {
        connectivity.connected(pumpItself, "c1", "a", "mqtt-5");

        assertThatThrownBy(() -> connectivity.state(outsider, pump.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connectivity.events(outsider, pump.id(), t0, t0.plusSeconds(1), null, 10))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connectivity.state(pumpItself, pump.id())).isInstanceOf(ForbiddenException.class);
    }
}
