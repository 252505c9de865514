package io.millwright.core.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SessionStore} must show; subclass it once per implementation. */
public abstract class SessionStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected SessionStore store;

    protected abstract SessionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    static QueuedMessage queued(String topic, String payload) {
        return new QueuedMessage(
                topic,
                payload.getBytes(),
                1,
                false,
                new MessageProperties(
                        1,
                        60L,
                        "text/plain",
                        "reply",
                        new byte[] {1, 2},
                        List.of(new MessageProperties.UserProperty("k", "v"))),
                List.of(3),
                T0.plusSeconds(60),
                0,
                QueuedMessage.State.QUEUED);
    }

    static StoredSession session(String tenant, String clientId, List<QueuedMessage> messages) {
        return new StoredSession(
                tenant,
                clientId,
                3600,
                T0,
                List.of(
                        new StoredSubscription("a/+", 1, true, false, 1, 3),
                        new StoredSubscription("$share/g/b", 2, false, true, 0, 0)),
                messages,
                new SessionOwner(SessionOwner.Kind.DEVICE, "pump-1"),
                List.of(4, 9));
    }

    @Test
    void saved_session_is_loaded_back_equal() {
        QueuedMessage inflight = new QueuedMessage(
                "a/b",
                new byte[] {9},
                2,
                true,
                MessageProperties.NONE,
                List.of(),
                null,
                7,
                QueuedMessage.State.AWAITING_COMPLETE);
        StoredSession s = session("t1", "c1", List.of(inflight, queued("a/b", "x")));
        store.apply(List.of(new SessionStore.Save(s)));
        assertThat(store.loadAll()).containsExactly(s);
    }

    @Test
    void append_adds_messages_in_order_to_a_stored_session_only() {
        store.apply(List.of(
                new SessionStore.Save(session("t1", "c1", List.of())),
                new SessionStore.Append("t1", "c1", queued("a/1", "one")),
                new SessionStore.Append("t1", "c1", queued("a/2", "two")),
                new SessionStore.Append("t1", "unknown", queued("a/3", "three"))));
        assertThat(store.loadAll())
                .singleElement()
                .satisfies(s -> assertThat(s.messages())
                        .extracting(QueuedMessage::topic)
                        .containsExactly("a/1", "a/2"));
    }

    @Test
    void save_replaces_and_delete_removes() {
        store.apply(List.of(
                new SessionStore.Save(session("t1", "c1", List.of(queued("a/1", "one")))),
                new SessionStore.Save(session("t1", "c1", List.of())),
                new SessionStore.Save(session("t2", "c1", List.of()))));
        assertThat(store.loadAll())
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.messages()).isEmpty());
        store.apply(List.of(new SessionStore.Delete("t1", "c1")));
        assertThat(store.loadAll()).extracting(StoredSession::tenantId).containsExactly("t2");
    }

    @Test
    void same_client_id_in_two_tenants_are_two_sessions() {
        store.apply(List.of(
                new SessionStore.Save(session("t1", "c1", List.of())),
                new SessionStore.Save(session("t2", "c1", List.of())),
                new SessionStore.Append("t2", "c1", queued("x", "y"))));
        Map<String, Integer> sizes = new java.util.HashMap<>();
        store.loadAll().forEach(s -> sizes.put(s.tenantId(), s.messages().size()));
        assertThat(sizes).containsEntry("t1", 0).containsEntry("t2", 1);
    }

    @Test
    void a_session_without_owner_or_inbound_qos2_state_loads_back_without_them() {
        StoredSession legacy = new StoredSession("t1", "c1", 60, T0, List.of(), List.of());
        store.apply(List.of(new SessionStore.Save(legacy)));
        assertThat(store.loadAll()).singleElement().satisfies(s -> {
            assertThat(s.owner()).isNull();
            assertThat(s.awaitingRelease()).isEmpty();
        });
    }

    @Test
    void append_keeps_the_owner() {
        store.apply(List.of(
                new SessionStore.Save(session("t1", "c1", List.of())),
                new SessionStore.Append("t1", "c1", queued("a/1", "one"))));
        assertThat(store.loadAll())
                .singleElement()
                .satisfies(s -> assertThat(s.owner()).isEqualTo(new SessionOwner(SessionOwner.Kind.DEVICE, "pump-1")));
    }
}
