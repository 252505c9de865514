package io.millwright.core.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RetainedMessageStore} that keeps nothing across restarts: the default, and the one tests use. */
public final class InMemoryRetainedMessageStore implements RetainedMessageStore {

    private record Key(String tenantId, String topic) {}

    private final Map<Key, RetainedMessage> messages = new ConcurrentHashMap<>();

    @Override
    public List<RetainedMessage> loadAll() {
        return new ArrayList<>(messages.values());
    }

    @Override
    public void apply(List<Change> changes) {
        for (Change change : changes) {
            if (change instanceof Put put) {
                RetainedMessage m = put.message();
                messages.put(new Key(m.tenantId(), m.topic()), m);
            } else if (change instanceof Clear clear) {
                messages.remove(new Key(clear.tenantId(), clear.topic()));
            }
        }
    }
}
