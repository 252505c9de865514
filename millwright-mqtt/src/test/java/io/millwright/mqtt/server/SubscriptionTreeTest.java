package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionTreeTest {

    private static final SessionKey A = new SessionKey("t", "a");
    private static final SessionKey B = new SessionKey("t", "b");
    private final SubscriptionTree tree = new SubscriptionTree();

    private static Subscription sub(String filter, int qos, int id) {
        return new Subscription(filter, null, qos, false, false, 0, id);
    }

    @Test
    void overlapping_subscriptions_merge_into_one_match_per_session() {
        tree.add(A, sub("x/#", 0, 1));
        tree.add(A, sub("x/+", 2, 2));
        tree.add(B, sub("x/y", 1, 0));
        Map<SessionKey, SubscriptionTree.Match> m = tree.match("x/y", null, k -> true);
        assertThat(m).containsOnlyKeys(A, B);
        assertThat(m.get(A).qos).isEqualTo(2);
        assertThat(m.get(A).subscriptionIds).containsExactlyInAnyOrder(1, 2);
        assertThat(m.get(B).subscriptionIds).isEmpty();
    }

    @Test
    void dollar_topics_are_not_matched_by_leading_wildcards() {
        tree.add(A, sub("#", 0, 0));
        tree.add(B, sub("$SYS/#", 0, 0));
        assertThat(tree.match("$SYS/x", null, k -> true)).containsOnlyKeys(B);
        assertThat(tree.match("a", null, k -> true)).containsOnlyKeys(A);
    }

    @Test
    void hash_matches_the_parent_level() {
        tree.add(A, sub("a/#", 0, 0));
        assertThat(tree.match("a", null, k -> true)).containsOnlyKeys(A);
        assertThat(tree.match("ab", null, k -> true)).isEmpty();
    }

    @Test
    void no_local_skips_the_publisher_only() {
        tree.add(A, new Subscription("n", null, 0, true, false, 0, 0));
        tree.add(B, new Subscription("n", null, 0, true, false, 0, 0));
        assertThat(tree.match("n", A, k -> true)).containsOnlyKeys(B);
    }

    @Test
    void shared_group_round_robins_and_prefers_online_members() {
        tree.add(A, new Subscription("s/+", "g", 1, false, false, 0, 0));
        tree.add(B, new Subscription("s/+", "g", 1, false, false, 0, 0));
        Map<SessionKey, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            tree.match("s/" + i, null, k -> true).keySet().forEach(k -> counts.merge(k, 1, Integer::sum));
        }
        assertThat(counts).containsEntry(A, 5).containsEntry(B, 5);
        for (int i = 0; i < 4; i++) {
            assertThat(tree.match("s/x", null, k -> k.equals(B))).containsOnlyKeys(B);
        }
    }

    @Test
    void remove_prunes_and_reports_existence() {
        Subscription s = sub("p/q/r", 0, 0);
        tree.add(A, s);
        assertThat(tree.remove(A, s)).isTrue();
        assertThat(tree.remove(A, s)).isFalse();
        assertThat(tree.match("p/q/r", null, k -> true)).isEmpty();
    }
}
