package io.millwright.core.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link RetainedMessageStore} must show; subclass it once per implementation. */
public abstract class RetainedMessageStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected RetainedMessageStore store;

    protected abstract RetainedMessageStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    static RetainedMessage retained(String tenant, String topic, String payload) {
        return new RetainedMessage(
                tenant,
                topic,
                payload.getBytes(),
                1,
                new MessageProperties(1, 30L, "text/plain", null, null, List.of()),
                T0,
                T0.plusSeconds(30));
    }

    @Test
    void put_replaces_per_tenant_and_topic() {
        store.apply(List.of(
                new RetainedMessageStore.Put(retained("t1", "a/b", "one")),
                new RetainedMessageStore.Put(retained("t1", "a/b", "two")),
                new RetainedMessageStore.Put(retained("t2", "a/b", "other"))));
        assertThat(store.loadAll())
                .containsExactlyInAnyOrder(retained("t1", "a/b", "two"), retained("t2", "a/b", "other"));
    }

    @Test
    void clear_removes_only_that_tenant_topic() {
        store.apply(List.of(
                new RetainedMessageStore.Put(retained("t1", "a/b", "one")),
                new RetainedMessageStore.Put(retained("t2", "a/b", "other")),
                new RetainedMessageStore.Clear("t1", "a/b"),
                new RetainedMessageStore.Clear("t1", "never/set")));
        assertThat(store.loadAll()).containsExactly(retained("t2", "a/b", "other"));
    }
}
