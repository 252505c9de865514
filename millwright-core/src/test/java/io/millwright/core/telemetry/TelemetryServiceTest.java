package io.millwright.core.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.common.Page;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryServiceTest {

    private static final Principal.User OPERATOR = new Principal.User("t1", "u1", "otto", Role.OPERATOR);
    private static final Principal.User VIEWER = new Principal.User("t1", "u2", "val", Role.VIEWER);
    private static final Principal.User OUTSIDER = new Principal.User("t2", "u3", "eve", Role.ADMIN);
    private static final Principal.Device PUMP = new Principal.Device("t1", "pump", "pump-1");

    private final RecordingTelemetryStore store = new RecordingTelemetryStore();
    private final TelemetryLimits limits = new TelemetryLimits(1024, 10, 10, 32, 256, Duration.ofMinutes(1), 8);
    private TelemetryIngest ingest;
    private TelemetryService telemetry;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        ingest = new TelemetryIngest(store, IngestConfig.defaults(), new ServerClock(clock), IngestObserver.NONE);
        ingest.start();
        telemetry = new TelemetryService(
                new OneDevice(),
                new TelemetryParser(limits, clock),
                ingest,
                store,
                new StreamConfig(4, Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() {
        store.open();
        telemetry.close();
        ingest.close();
    }

    private static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(UTF_8);
    }

    @Test
    void an_operator_write_completes_after_the_commit_with_the_stored_points() throws Exception {
        DeviceTelemetry stored = telemetry
                .write(OPERATOR, "pump", bytes("[{'ts':1000,'values':{'a':1}},{'b':2.5}]"))
                .get(10, TimeUnit.SECONDS);

        assertThat(stored.tenantId()).isEqualTo("t1");
        assertThat(stored.points()).extracting(TelemetryPoint::key).containsExactly("a", "b");
        assertThat(stored.points().get(0).timeMicros()).isEqualTo(1_000_000);
        assertThat(store.stored()).containsExactly(stored);
    }

    @Test
    void a_device_writes_its_own_telemetry() throws Exception {
        DeviceTelemetry stored =
                telemetry.writeAsDevice(PUMP, bytes("{'t':21}"), true).get(10, TimeUnit.SECONDS);

        assertThat(stored.deviceId()).isEqualTo("pump");
        assertThat(store.stored()).containsExactly(stored);
    }

    @Test
    void viewers_and_devices_cannot_write_for_a_device_and_other_tenants_do_not_find_it() {
        assertThatThrownBy(() -> telemetry.write(VIEWER, "pump", bytes("{'t':1}")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> telemetry.write(PUMP, "pump", bytes("{'t':1}")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> telemetry.write(OUTSIDER, "pump", bytes("{'t':1}")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> telemetry.latest(OUTSIDER, "pump", List.of())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> telemetry.latest(PUMP, "pump", List.of())).isInstanceOf(ForbiddenException.class);
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void a_bad_message_is_rejected_whole_before_anything_is_queued() {
        assertThatThrownBy(() -> telemetry.write(OPERATOR, "pump", bytes("[{'a':1},{'b':null}]")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> telemetry.writeAsDevice(PUMP, bytes("{'a':1"), true))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> telemetry.writeAsDevice(PUMP, bytes("[" + "{'a':1},".repeat(10) + "{'a':1}]"), true))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.kind()).isEqualTo(LimitExceededException.Kind.SIZE));
        assertThat(ingest.stats().committedPoints()).isZero();
    }

    @Test
    void a_subscriber_receives_committed_instants_of_its_keys_in_order() throws Exception {
        List<LiveTelemetry.Update> received = new CopyOnWriteArrayList<>();
        try (TelemetrySubscription subscription = telemetry.subscribe(VIEWER, "pump", List.of("a"), update -> {
            if (update instanceof LiveTelemetry.Update u) {
                received.add(u);
            }
        })) {
            telemetry
                    .write(OPERATOR, "pump", bytes("[{'ts':1000,'values':{'a':1,'b':2}},{'ts':2000,'values':{'b':3}}]"))
                    .get(10, TimeUnit.SECONDS);
            telemetry
                    .write(OPERATOR, "pump", bytes("{'ts':3000,'values':{'a':4}}"))
                    .get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertThat(received.get(0).timeMillis()).isEqualTo(1000);
            assertThat(received.get(0).values()).containsExactly(Map.entry("a", new TelemetryValue.LongValue(1)));
            assertThat(received.get(1).timeMillis()).isEqualTo(3000);
            assertThat(subscription.dropped()).isZero();
        }
        assertThat(telemetry.subscriptions()).isZero();
    }

    @Test
    void a_lagging_subscriber_keeps_the_newest_updates_and_counts_the_dropped_ones() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> received = new CopyOnWriteArrayList<>();
        TelemetrySubscription subscription = telemetry.subscribe(VIEWER, "pump", List.of(), update -> {
            if (update instanceof LiveTelemetry.Update u) {
                received.add(u.timeMillis());
                blocked.countDown();
                awaitRelease(release);
            }
        });
        telemetry.write(OPERATOR, "pump", bytes("{'ts':1,'values':{'a':1}}")).get(10, TimeUnit.SECONDS);
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        for (int ts = 2; ts <= 11; ts++) {
            telemetry
                    .write(OPERATOR, "pump", bytes("{'ts':" + ts + ",'values':{'a':1}}"))
                    .get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> subscription.dropped() == 6);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
        assertThat(received).containsExactly(1L, 8L, 9L, 10L, 11L);
        subscription.close();
    }

    @Test
    void an_idle_subscriber_receives_heartbeats() {
        List<LiveTelemetry> received = new CopyOnWriteArrayList<>();
        try (TelemetrySubscription subscription = telemetry.subscribe(VIEWER, "pump", List.of(), received::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
            assertThat(received).allMatch(LiveTelemetry.Heartbeat.class::isInstance);
            assertThat(subscription.isClosed()).isFalse();
        }
    }

    @Test
    void a_failing_subscriber_is_cancelled() {
        TelemetrySubscription subscription = telemetry.subscribe(VIEWER, "pump", List.of(), update -> {
            throw new IllegalStateException("connection gone");
        });

        await().atMost(Duration.ofSeconds(10)).until(subscription::isClosed);
        assertThat(telemetry.subscriptions()).isZero();
    }

    @Test
    void subscriptions_are_scoped_like_reads() {
        assertThatThrownBy(() -> telemetry.subscribe(OUTSIDER, "pump", List.of(), u -> {}))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> telemetry.subscribe(VIEWER, "pump", List.of("bad key"), u -> {}))
                .isInstanceOf(InvalidInputException.class);
        assertThat(telemetry.subscriptions()).isZero();
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A registry holding one device, "pump" of tenant t1. */
    private static final class OneDevice implements DeviceStore {

        private final Device pump =
                new Device("pump", "t1", "pump-1", null, Map.of(), List.of(), Instant.EPOCH, Instant.EPOCH);

        @Override
        public void create(Device device, String tokenDigest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Device> findById(String tenantId, String id) {
            return tenantId.equals(pump.tenantId()) && id.equals(pump.id()) ? Optional.of(pump) : Optional.empty();
        }

        @Override
        public Optional<Device> findByName(String tenantId, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Device> findByTokenDigest(String tokenDigest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Device> find(DeviceQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Device device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean updateTokenDigest(String tenantId, String id, String tokenDigest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String tenantId, String id) {
            throw new UnsupportedOperationException();
        }
    }
}
