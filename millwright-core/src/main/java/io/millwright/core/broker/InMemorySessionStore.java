package io.millwright.core.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SessionStore} that keeps nothing across restarts: the default, and the one tests use. */
public final class InMemorySessionStore implements SessionStore {

    private record Key(String tenantId, String clientId) {}

    private final Map<Key, StoredSession> sessions = new ConcurrentHashMap<>();

    @Override
    public List<StoredSession> loadAll() {
        return new ArrayList<>(sessions.values());
    }

    @Override
    public void apply(List<Change> changes) {
        for (Change change : changes) {
            if (change instanceof Save save) {
                StoredSession s = save.session();
                sessions.put(new Key(s.tenantId(), s.clientId()), s);
            } else if (change instanceof Append append) {
                sessions.computeIfPresent(
                        new Key(append.tenantId(), append.clientId()), (k, s) -> s.withAppended(append.message()));
            } else if (change instanceof Delete delete) {
                sessions.remove(new Key(delete.tenantId(), delete.clientId()));
            }
        }
    }
}
