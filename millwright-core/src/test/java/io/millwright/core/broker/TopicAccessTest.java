package io.millwright.core.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.broker.TopicAccess.Verdict;
import io.millwright.core.device.TopicGrant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicAccessTest {

    private static final Principal USER = new Principal.User("t1", "u1", "alice", Role.VIEWER);
    private static final Principal DEVICE = new Principal.Device("t1", "d1", "pump-1");
    private static final Principal ANONYMOUS = new Principal.Anonymous("t1");

    private final TopicAccess access = new TopicAccess(List.of("test/nosubscribe", "secret/#"));

    @Test
    void user_may_publish_and_subscribe_any_non_dollar_topic() {
        assertThat(access.mayPublish(USER, List.of(), "factory/line-1/temp")).isTrue();
        assertThat(access.subscribeVerdict(USER, List.of(), "#")).isEqualTo(Verdict.ALLOWED);
        assertThat(access.mayPublish(USER, List.of(), "$SYS/x")).isFalse();
        assertThat(access.subscribeVerdict(USER, List.of(), "$SYS/#")).isEqualTo(Verdict.NOT_AUTHORIZED);
    }

    @Test
    void anonymous_may_use_any_non_dollar_topic() {
        assertThat(access.mayPublish(ANONYMOUS, List.of(), "a/b")).isTrue();
        assertThat(access.subscribeVerdict(ANONYMOUS, List.of(), "a/+")).isEqualTo(Verdict.ALLOWED);
        assertThat(access.mayPublish(ANONYMOUS, List.of(), "$share/x")).isFalse();
    }

    @Test
    void device_may_use_its_own_subtree_only() {
        assertThat(access.mayPublish(DEVICE, List.of(), "devices/pump-1/telemetry"))
                .isTrue();
        assertThat(access.mayPublish(DEVICE, List.of(), "devices/pump-1")).isTrue();
        assertThat(access.mayPublish(DEVICE, List.of(), "devices/pump-2/telemetry"))
                .isFalse();
        assertThat(access.mayPublish(DEVICE, List.of(), "devices/pump-10/telemetry"))
                .isFalse();
        assertThat(access.subscribeVerdict(DEVICE, List.of(), "devices/pump-1/#"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(access.subscribeVerdict(DEVICE, List.of(), "devices/pump-1/+/cmd"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(access.subscribeVerdict(DEVICE, List.of(), "devices/+/telemetry"))
                .isEqualTo(Verdict.NOT_AUTHORIZED);
        assertThat(access.subscribeVerdict(DEVICE, List.of(), "#")).isEqualTo(Verdict.NOT_AUTHORIZED);
    }

    @Test
    void device_subscribe_grant_allows_exactly_the_filters_it_covers() {
        List<TopicGrant> grants = List.of(new TopicGrant(TopicGrant.Action.SUBSCRIBE, "devices/sensor-7/telemetry"));
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/sensor-7/telemetry"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/sensor-7/+"))
                .isEqualTo(Verdict.NOT_AUTHORIZED);
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/sensor-7/#"))
                .isEqualTo(Verdict.NOT_AUTHORIZED);
        assertThat(access.mayPublish(DEVICE, grants, "devices/sensor-7/telemetry"))
                .as("a subscribe grant does not allow publishing")
                .isFalse();
    }

    @Test
    void device_wildcard_grants_match_per_mqtt_rules() {
        List<TopicGrant> grants = List.of(
                new TopicGrant(TopicGrant.Action.SUBSCRIBE, "devices/+/alarms"),
                new TopicGrant(TopicGrant.Action.PUBLISH, "plant/line-1/#"));
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/+/alarms")).isEqualTo(Verdict.ALLOWED);
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/pump-9/alarms"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(access.subscribeVerdict(DEVICE, grants, "devices/#")).isEqualTo(Verdict.NOT_AUTHORIZED);
        assertThat(access.mayPublish(DEVICE, grants, "plant/line-1/speed")).isTrue();
        assertThat(access.mayPublish(DEVICE, grants, "plant/line-2/speed")).isFalse();
    }

    @Test
    void deny_subscribe_list_applies_to_everyone() {
        assertThat(access.subscribeVerdict(USER, List.of(), "test/nosubscribe")).isEqualTo(Verdict.DENIED_BY_POLICY);
        assertThat(access.subscribeVerdict(ANONYMOUS, List.of(), "secret/a/b")).isEqualTo(Verdict.DENIED_BY_POLICY);
        assertThat(access.subscribeVerdict(USER, List.of(), "test/other")).isEqualTo(Verdict.ALLOWED);
        assertThat(access.mayPublish(USER, List.of(), "test/nosubscribe"))
                .as("deny-subscribe does not restrict publishing")
                .isTrue();
    }

    @Test
    void invalid_filters_are_refused() {
        assertThat(access.subscribeVerdict(USER, List.of(), "a/#/b")).isEqualTo(Verdict.NOT_AUTHORIZED);
        assertThat(access.mayPublish(USER, List.of(), "a/+")).isFalse();
        assertThatThrownBy(() -> new TopicAccess(List.of("bad#"))).isInstanceOf(IllegalArgumentException.class);
    }
}
