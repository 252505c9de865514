package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A subscription change read before a PUBLISH is applied before that PUBLISH is routed; later ones do not hold it. */
class SubscriptionFenceTest {

    private final SubscriptionFence fence = new SubscriptionFence();

    @Test
    void a_publish_read_after_an_unapplied_subscribe_waits_for_it() {
        long subscribe = fence.read();
        long publish = fence.horizon();
        assertThat(fence.passed(publish)).isFalse();
        fence.applied(subscribe);
        assertThat(fence.passed(publish)).isTrue();
    }

    @Test
    void a_subscribe_read_after_the_publish_does_not_hold_it() {
        long publish = fence.horizon();
        long later = fence.read();
        assertThat(fence.passed(publish)).isTrue();
        fence.applied(later);
    }

    @Test
    void changes_applied_out_of_order_release_the_publish_only_when_all_earlier_ones_are_applied() {
        long first = fence.read();
        long second = fence.read();
        long publish = fence.horizon();
        fence.applied(second);
        assertThat(fence.passed(publish)).isFalse();
        fence.applied(first);
        assertThat(fence.passed(publish)).isTrue();
    }
}
