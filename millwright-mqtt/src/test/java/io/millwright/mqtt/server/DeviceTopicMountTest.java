package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.broker.SessionOwner;
import io.millwright.core.broker.StoredSubscription;
import org.junit.jupiter.api.Test;

class DeviceTopicMountTest {

    private final DeviceTopicMount pump = DeviceTopicMount.of(new Principal.Device("t", "d1", "pump-1"));

    @Test
    void a_device_acts_on_its_own_internal_topics() {
        assertThat(pump.toInternal("v1/devices/me/telemetry")).isEqualTo("devices/pump-1/tb/telemetry");
        assertThat(pump.toInternal("v1/devices/me/rpc/request/+")).isEqualTo("devices/pump-1/tb/rpc/request/+");
        assertThat(pump.toInternal("v1/devices/me/#")).isEqualTo("devices/pump-1/tb/#");
        assertThat(pump.toInternal("v1/devices/me")).isEqualTo("devices/pump-1/tb");
    }

    @Test
    void topics_outside_the_mount_are_unchanged() {
        assertThat(pump.toInternal("devices/pump-1/twin/reported")).isEqualTo("devices/pump-1/twin/reported");
        assertThat(pump.toInternal("v1/devices/mex/telemetry")).isEqualTo("v1/devices/mex/telemetry");
        assertThat(pump.toInternal("v1/devices/other/telemetry")).isEqualTo("v1/devices/other/telemetry");
        assertThat(pump.covers("v1/devices/+/telemetry")).isFalse();
    }

    @Test
    void delivered_topics_are_client_visible_again() {
        assertThat(pump.toClient("devices/pump-1/tb/rpc/request/42")).isEqualTo("v1/devices/me/rpc/request/42");
        assertThat(pump.toClient("devices/pump-1/tb")).isEqualTo("v1/devices/me");
        assertThat(pump.toClient("devices/pump-1/tbx")).isEqualTo("devices/pump-1/tbx");
        assertThat(pump.toClient("devices/pump-2/tb/attributes")).isEqualTo("devices/pump-2/tb/attributes");
    }

    @Test
    void users_and_anonymous_clients_are_not_mounted() {
        DeviceTopicMount user = DeviceTopicMount.of(new Principal.User("t", "u", "alice", Role.ADMIN));
        assertThat(user.toInternal("v1/devices/me/telemetry")).isEqualTo("v1/devices/me/telemetry");
        assertThat(DeviceTopicMount.of(new Principal.Anonymous("t")).covers("v1/devices/me/x"))
                .isFalse();
        assertThat(DeviceTopicMount.of((SessionOwner) null).covers("v1/devices/me/x"))
                .isFalse();
    }

    @Test
    void a_stored_subscription_is_mounted_again_from_its_owner_and_keeps_the_client_filter() {
        DeviceTopicMount owner = DeviceTopicMount.of(new SessionOwner(SessionOwner.Kind.DEVICE, "pump-1"));
        Subscription s = Subscription.fromStored(
                new StoredSubscription("v1/devices/me/attributes", 1, false, false, 0, 0), owner);
        assertThat(s.filter()).isEqualTo("devices/pump-1/tb/attributes");
        assertThat(s.fullFilter()).isEqualTo("v1/devices/me/attributes");
        assertThat(s.toStored().topicFilter()).isEqualTo("v1/devices/me/attributes");
        Subscription direct =
                Subscription.fromStored(new StoredSubscription("devices/pump-1/tb/#", 1, false, false, 0, 0), owner);
        assertThat(direct.mount()).isNull();
    }
}
