package io.millwright.core.broker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A persistent MQTT session as it is stored while its client is offline (MQTT 5.0 section 4.1): it exists until
 * {@code sessionExpiryInterval} seconds after {@code disconnectedAt} [MQTT-3.1.2-23].
 *
 * @param sessionExpiryInterval seconds; {@code 0xFFFFFFFF} means the session does not expire
 * @param disconnectedAt when the client went offline, or {@code null} while it is connected
 * @param messages in-flight messages first (by packet id order of sending), then queued ones, in delivery order
 */
public record StoredSession(
        String tenantId,
        String clientId,
        long sessionExpiryInterval,
        Instant disconnectedAt,
        List<StoredSubscription> subscriptions,
        List<QueuedMessage> messages) {

    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public StoredSession {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = List.copyOf(subscriptions);
        messages = List.copyOf(messages);
        if (sessionExpiryInterval < 0 || sessionExpiryInterval > NEVER_EXPIRES) {
            throw new IllegalArgumentException("sessionExpiryInterval must be 0..4294967295");
        }
    }

    /** Whether the session has ended by {@code now} and may be discarded. */
    public boolean isExpiredAt(Instant now) {
        return disconnectedAt != null
                && sessionExpiryInterval != NEVER_EXPIRES
                && !now.isBefore(disconnectedAt.plusSeconds(sessionExpiryInterval));
    }
}
