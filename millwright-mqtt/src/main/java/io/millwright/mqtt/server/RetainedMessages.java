package io.millwright.mqtt.server;

import io.millwright.core.broker.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retained messages of one tenant, one per topic (MQTT 5.0 section 3.3.1.3). Thread-safe. Matching scans every
 * retained topic of the tenant: fine for thousands per tenant, the place to add an index when that changes.
 */
final class RetainedMessages {

    private final Map<String, Message> byTopic = new ConcurrentHashMap<>();

    /** Stores {@code m}, or clears its topic when the payload is empty [MQTT-3.3.1-6], [MQTT-3.3.1-7]. */
    void update(Message m) {
        if (m.payload().length == 0) {
            byTopic.remove(m.topic());
        } else {
            byTopic.put(m.topic(), m);
        }
    }

    /** Retained messages matching {@code filter} that have not expired; expired ones are removed on the way. */
    List<Message> matching(String filter, long nowMillis) {
        List<Message> result = new ArrayList<>();
        byTopic.values().forEach(m -> {
            if (m.isExpiredAt(nowMillis)) {
                byTopic.remove(m.topic(), m);
            } else if (Topics.matches(filter, m.topic())) {
                result.add(m);
            }
        });
        return result;
    }

    int size() {
        return byTopic.size();
    }
}
