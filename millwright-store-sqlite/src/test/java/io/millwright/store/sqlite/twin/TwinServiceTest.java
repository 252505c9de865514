package io.millwright.store.sqlite.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.device.Device;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.error.PreconditionFailedException;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.MutableClock;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.DeviceFixtures;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinEvent;
import io.millwright.core.twin.TwinLimits;
import io.millwright.core.twin.TwinService;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<TwinEvent> events = new CopyOnWriteArrayList<>();
    private SqliteDatabase db;
    private TwinService twins;
    private Device pump;
    private Principal.Device pumpItself;
    private Principal.User operator;
    private Principal.User viewer;
    private Principal.User outsider;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
        DeviceFixtures fixtures = new DeviceFixtures(new SqliteTenantStore(db), new SqliteDeviceStore(db));
        Tenant tenant = fixtures.tenant();
        Tenant other = fixtures.tenant();
        pump = fixtures.device(tenant, "pump-1");
        pumpItself = new Principal.Device(tenant.id(), pump.id(), pump.name());
        operator = new Principal.User(tenant.id(), "u1", "olga", Role.OPERATOR);
        viewer = new Principal.User(tenant.id(), "u2", "victor", Role.VIEWER);
        outsider = new Principal.User(other.id(), "u3", "mallory", Role.ADMIN);
        twins = service(TwinLimits.DEFAULTS);
    }

    private TwinService service(TwinLimits limits) {
        TwinService service = new TwinService(new SqliteTwinStore(db), new SqliteDeviceStore(db), limits, clock);
        service.addListener(events::add);
        return service;
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static ObjectNode json(String text) {
        return JsonDocuments.parseObject("test", text, 1 << 20);
    }

    @Test
    void a_new_device_has_an_empty_twin_at_version_zero() {
        Twin twin = twins.get(viewer, pump.id());

        assertThat(twin.reported().document()).isEmpty();
        assertThat(twin.desired().version()).isZero();
        assertThat(twin.reported().version()).isZero();
        assertThat(twin.delta()).isEmpty();
    }

    @Test
    void reported_patches_merge_and_count_versions_and_key_times() {
        Instant first = clock.instant();
        twins.patchReported(pumpItself, "{\"temp\":20,\"led\":{\"color\":\"red\",\"level\":1},\"fw\":\"1.0\"}");
        clock.advance(Duration.ofSeconds(5));

        Twin twin = twins.patchReported(pumpItself, "{\"led\":{\"level\":2},\"fw\":null}");

        assertThat(twin.reported().document()).isEqualTo(json("{\"temp\":20,\"led\":{\"color\":\"red\",\"level\":2}}"));
        assertThat(twin.reported().version()).isEqualTo(2);
        assertThat(twin.reported().keyUpdatedAt()).isEqualTo(Map.of("temp", first, "led", first.plusSeconds(5)));
        assertThat(twins.get(viewer, pump.id())).isEqualTo(twin);
        assertThat(events)
                .last()
                .isEqualTo(new TwinEvent.ReportedChanged(
                        DeviceRef.of(pump), 2, json("{\"led\":{\"level\":2},\"fw\":null}"), first.plusSeconds(5)));
    }

    @Test
    void a_patch_that_changes_nothing_keeps_the_version_and_emits_nothing() {
        twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\"}", Optional.empty());
        events.clear();

        Twin twin = twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\",\"gone\":null}", Optional.empty());

        assertThat(twin.desired().version()).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void desired_changes_are_events_with_the_changed_keys_only() {
        twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\",\"target\":21}", Optional.empty());

        twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\",\"target\":22}", Optional.empty());

        assertThat(events).hasSize(2).allMatch(e -> e instanceof TwinEvent.DesiredChanged);
        assertThat(events.get(1).version()).isEqualTo(2);
        assertThat(events.get(1).patch()).isEqualTo(json("{\"target\":22}"));
        assertThat(events.get(1).device().deviceName()).isEqualTo("pump-1");
    }

    @Test
    void the_delta_holds_desired_keys_that_reported_does_not_match() {
        twins.patchReported(pumpItself, "{\"fan\":\"off\",\"target\":21,\"led\":{\"color\":\"red\",\"level\":1}}");
        twins.patchDesired(
                operator,
                pump.id(),
                "{\"fan\":\"on\",\"target\":21.0,\"led\":{\"color\":\"red\",\"level\":3}}",
                Optional.empty());

        assertThat(twins.delta(viewer, pump.id())).isEqualTo(json("{\"fan\":\"on\",\"led\":{\"level\":3}}"));

        twins.patchReported(pumpItself, "{\"fan\":\"on\",\"led\":{\"level\":3}}");
        assertThat(twins.delta(viewer, pump.id())).isEmpty();
    }

    @Test
    void three_desired_changes_while_offline_give_the_merged_delta_on_reconnect() {
        twins.patchReported(pumpItself, "{\"fan\":\"off\",\"target\":20,\"mode\":\"eco\"}");

        twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\"}", Optional.empty());
        twins.patchDesired(operator, pump.id(), "{\"target\":25,\"mode\":\"eco\"}", Optional.empty());
        twins.patchDesired(operator, pump.id(), "{\"target\":23,\"light\":{\"on\":true}}", Optional.empty());

        TwinService.DesiredDelta catchUp = twins.catchUp(pumpItself);
        assertThat(catchUp.desiredVersion()).isEqualTo(3);
        assertThat(catchUp.delta()).isEqualTo(json("{\"fan\":\"on\",\"target\":23,\"light\":{\"on\":true}}"));
    }

    @Test
    void an_if_match_on_a_stale_desired_version_fails_and_changes_nothing() {
        Twin v1 = twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\"}", Optional.of(0L));
        twins.patchDesired(operator, pump.id(), "{\"fan\":\"off\"}", Optional.of(1L));

        assertThatThrownBy(() -> twins.patchDesired(operator, pump.id(), "{\"fan\":\"auto\"}", Optional.of(1L)))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("desired version is 2");

        Twin now = twins.get(viewer, pump.id());
        assertThat(now.desired().version()).isEqualTo(2);
        assertThat(now.desired().document()).isEqualTo(json("{\"fan\":\"off\"}"));
        assertThat(v1.desired().version()).isEqualTo(1);
    }

    @Test
    void malformed_reports_are_rejected_without_touching_the_twin() {
        Twin before = twins.patchReported(pumpItself, "{\"temp\":20}");

        for (String bad : List.of("[1,2]", "42", "{\"temp\":", "{\"a\":1} trailing", "null", "")) {
            assertThatThrownBy(() -> twins.patchReported(pumpItself, bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }

        assertThat(twins.get(viewer, pump.id())).isEqualTo(before);
    }

    @Test
    void patches_over_the_limits_are_rejected_and_change_nothing() {
        twins = service(new TwinLimits(200, 300, 3, 5));
        Twin before = twins.patchReported(pumpItself, "{\"a\":1}");
        int eventsBefore = events.size();

        assertThatThrownBy(() -> twins.patchReported(pumpItself, "{\"big\":\"" + "x".repeat(200) + "\"}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("at most 200");
        assertThatThrownBy(() -> twins.patchReported(pumpItself, "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("nested 4 levels");
        assertThatThrownBy(() -> twins.patchReported(pumpItself, "{\"b\":1,\"c\":2,\"d\":3,\"e\":4,\"f\":5}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("6 keys");
        twins.patchReported(pumpItself, "{\"s\":\"" + "x".repeat(150) + "\"}");
        assertThatThrownBy(() -> twins.patchReported(pumpItself, "{\"t\":\"" + "y".repeat(150) + "\"}"))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("reported document");

        Twin after = twins.get(viewer, pump.id());
        assertThat(after.reported().version()).isEqualTo(before.reported().version() + 1);
        assertThat(after.reported().document().has("t")).isFalse();
        assertThat(events).hasSize(eventsBefore + 1);
    }

    @Test
    void concurrent_patches_lose_no_update() throws Exception {
        int writers = 8;
        int patchesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < patchesEach; i++) {
                        String key = "w" + writer + "_" + i;
                        if (writer % 2 == 0) {
                            twins.patchDesired(operator, pump.id(), "{\"" + key + "\":" + i + "}", Optional.empty());
                        } else {
                            twins.patchReported(pumpItself, "{\"" + key + "\":" + i + "}");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Twin twin = twins.get(viewer, pump.id());
        assertThat(twin.desired().version()).isEqualTo(writers / 2 * patchesEach);
        assertThat(twin.reported().version()).isEqualTo(writers / 2 * patchesEach);
        assertThat(twin.desired().document().size()).isEqualTo(writers / 2 * patchesEach);
        assertThat(twin.reported().document().size()).isEqualTo(writers / 2 * patchesEach);
        assertThat(events).hasSize(writers * patchesEach);
    }

    @Test
    void viewers_read_operators_write_and_devices_only_report() {
        assertThat(twins.get(viewer, pump.id()).deviceId()).isEqualTo(pump.id());
        assertThatThrownBy(() -> twins.patchDesired(viewer, pump.id(), "{\"fan\":\"on\"}", Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> twins.patchDesired(pumpItself, pump.id(), "{\"fan\":\"on\"}", Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(twins.get(pumpItself, pump.id()).deviceId()).isEqualTo(pump.id());
    }

    @Test
    void other_tenants_devices_are_not_found() {
        twins.patchDesired(operator, pump.id(), "{\"fan\":\"on\"}", Optional.empty());

        assertThatThrownBy(() -> twins.get(outsider, pump.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> twins.delta(outsider, pump.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> twins.patchDesired(outsider, pump.id(), "{\"fan\":\"x\"}", Optional.empty()))
                .isInstanceOf(NotFoundException.class);
        Principal.Device otherDevice = new Principal.Device(outsider.tenantId(), "some-id", "spy");
        assertThatThrownBy(() -> twins.get(otherDevice, pump.id())).isInstanceOf(NotFoundException.class);
        assertThat(twins.get(viewer, pump.id()).desired().document()).isEqualTo(json("{\"fan\":\"on\"}"));
    }
}
