package io.millwright.core.twin.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.common.Page;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import io.millwright.core.twin.DeviceFixtures;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link ConnectivityStore} backend must pass. A backend's test supplies fresh, empty stores. */
public abstract class ConnectivityStoreContract {

    /** Opens fresh, empty stores; called before each test. */
    protected abstract void openStores();

    protected abstract TenantStore tenants();

    protected abstract DeviceStore devices();

    protected abstract ConnectivityStore connectivity();

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private DeviceFixtures fixtures;
    private Tenant tenant;
    private DeviceRef pump;

    @BeforeEach
    void createDevice() {
        openStores();
        fixtures = new DeviceFixtures(tenants(), devices());
        tenant = fixtures.tenant();
        pump = DeviceRef.of(fixtures.device(tenant, "pump"));
    }

    private ConnectivityEvent.Connected connect(Instant at) {
        ConnectivityEvent.Connected event = new ConnectivityEvent.Connected(pump, at, "10.0.0.7:5000", "mqtt-5");
        connectivity().record(event, new ConnectivityState(pump, true, at, at, null, "10.0.0.7:5000", "mqtt-5"));
        return event;
    }

    private ConnectivityEvent.Disconnected disconnect(Instant at) {
        ConnectivityEvent.Disconnected event = new ConnectivityEvent.Disconnected(pump, at, "keep-alive timeout");
        connectivity().record(event, new ConnectivityState(pump, false, at, at, at, "10.0.0.7:5000", "mqtt-5"));
        return event;
    }

    @Test
    void the_state_is_replaced_with_each_event() {
        assertThat(connectivity().state(tenant.id(), pump.deviceId())).isEmpty();

        connect(t0);
        assertThat(connectivity().state(tenant.id(), pump.deviceId()))
                .contains(new ConnectivityState(pump, true, t0, t0, null, "10.0.0.7:5000", "mqtt-5"));

        disconnect(t0.plusSeconds(5));
        assertThat(connectivity()
                        .state(tenant.id(), pump.deviceId())
                        .orElseThrow()
                        .online())
                .isFalse();
    }

    @Test
    void last_seen_only_moves_forward() {
        connect(t0);

        connectivity().updateLastSeen(Map.of(pump, t0.plusSeconds(10)));
        connectivity().updateLastSeen(Map.of(pump, t0.plusSeconds(3)));

        assertThat(connectivity()
                        .state(tenant.id(), pump.deviceId())
                        .orElseThrow()
                        .lastSeen())
                .isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void events_are_listed_newest_first_in_a_time_range_and_paged() {
        for (int i = 0; i < 5; i++) {
            connect(t0.plusSeconds(10L * i));
            disconnect(t0.plusSeconds(10L * i + 5));
        }

        Page<ConnectivityEvent> first =
                connectivity().events(tenant.id(), pump.deviceId(), t0, t0.plusSeconds(25), null, 3);
        Page<ConnectivityEvent> rest =
                connectivity().events(tenant.id(), pump.deviceId(), t0, t0.plusSeconds(25), first.next(), 3);

        assertThat(first.items())
                .extracting(ConnectivityEvent::at)
                .containsExactly(t0.plusSeconds(20), t0.plusSeconds(15), t0.plusSeconds(10));
        assertThat(rest.items()).extracting(ConnectivityEvent::at).containsExactly(t0.plusSeconds(5), t0);
        assertThat(rest.next()).isNull();
        assertThat(rest.items().get(1)).isEqualTo(new ConnectivityEvent.Connected(pump, t0, "10.0.0.7:5000", "mqtt-5"));
        assertThat(rest.items().get(0))
                .isEqualTo(new ConnectivityEvent.Disconnected(pump, t0.plusSeconds(5), "keep-alive timeout"));
        Tenant other = fixtures.tenant();
        assertThat(connectivity()
                        .events(other.id(), pump.deviceId(), t0, t0.plusSeconds(99), null, 10)
                        .items())
                .isEmpty();
    }

    @Test
    void purging_deletes_events_before_the_cutoff_only() {
        connect(t0);
        disconnect(t0.plusSeconds(5));
        connect(t0.plusSeconds(10));

        assertThat(connectivity().purgeBefore(t0.plusSeconds(6))).isEqualTo(2);

        assertThat(connectivity()
                        .events(tenant.id(), pump.deviceId(), t0, t0.plusSeconds(99), null, 10)
                        .items())
                .extracting(ConnectivityEvent::at)
                .containsExactly(t0.plusSeconds(10));
        assertThat(connectivity().state(tenant.id(), pump.deviceId())).isPresent();
    }

    @Test
    void devices_left_online_are_marked_offline_with_an_event() {
        connect(t0);

        assertThat(connectivity().markAllOffline(t0.plusSeconds(60), "restart")).isEqualTo(1);

        ConnectivityState state =
                connectivity().state(tenant.id(), pump.deviceId()).orElseThrow();
        assertThat(state.online()).isFalse();
        assertThat(state.lastDisconnectedAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(connectivity()
                        .events(tenant.id(), pump.deviceId(), t0, t0.plusSeconds(99), null, 1)
                        .items())
                .containsExactly(new ConnectivityEvent.Disconnected(pump, t0.plusSeconds(60), "restart"));
        assertThat(connectivity().markAllOffline(t0.plusSeconds(61), "restart")).isZero();
    }

    @Test
    void connectivity_is_deleted_with_its_device() {
        connect(t0);

        devices().delete(tenant.id(), pump.deviceId());

        assertThat(connectivity().state(tenant.id(), pump.deviceId())).isEmpty();
        assertThat(connectivity().purgeBefore(t0.plusSeconds(1))).isZero();
    }
}
