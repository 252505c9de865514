package io.millwright.core.broker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A persistent MQTT session as it is stored while its client is offline (MQTT 5.0 section 4.1): it exists until
 * {@code sessionExpiryInterval} seconds after {@code disconnectedAt} [MQTT-3.1.2-23].
 *
 * @param sessionExpiryInterval seconds; {@code 0xFFFFFFFF} means the session does not expire
 * @param disconnectedAt when the client went offline, or {@code null} while it is connected
 * @param messages in-flight messages first (by packet id order of sending), then queued ones, in delivery order
 * @param owner the principal the session belongs to, or {@code null} for a session stored before owners were
 *     recorded (the next principal to connect with its client id claims it)
 * @param awaitingRelease packet identifiers of inbound QoS 2 PUBLISHes answered with PUBREC and awaiting PUBREL
 *     [MQTT-4.3.3-10]
 */
public record StoredSession(
        String tenantId,
        String clientId,
        long sessionExpiryInterval,
        Instant disconnectedAt,
        List<StoredSubscription> subscriptions,
        List<QueuedMessage> messages,
        SessionOwner owner,
        List<Integer> awaitingRelease) {

    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public StoredSession {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = List.copyOf(subscriptions);
        messages = List.copyOf(messages);
        awaitingRelease = List.copyOf(awaitingRelease);
        if (sessionExpiryInterval < 0 || sessionExpiryInterval > NEVER_EXPIRES) {
            throw new IllegalArgumentException("sessionExpiryInterval must be 0..4294967295");
        }
    }

    /** A session without a recorded owner and without inbound QoS 2 state. */
    public StoredSession(
            String tenantId,
            String clientId,
            long sessionExpiryInterval,
            Instant disconnectedAt,
            List<StoredSubscription> subscriptions,
            List<QueuedMessage> messages) {
        this(tenantId, clientId, sessionExpiryInterval, disconnectedAt, subscriptions, messages, null, List.of());
    }

    /** Whether the session has ended by {@code now} and may be discarded. */
    public boolean isExpiredAt(Instant now) {
        return disconnectedAt != null
                && sessionExpiryInterval != NEVER_EXPIRES
                && !now.isBefore(disconnectedAt.plusSeconds(sessionExpiryInterval));
    }

    /** This session with {@code message} appended to its messages. */
    public StoredSession withAppended(QueuedMessage message) {
        List<QueuedMessage> more = new ArrayList<>(messages);
        more.add(message);
        return new StoredSession(
                tenantId, clientId, sessionExpiryInterval, disconnectedAt, subscriptions, more, owner, awaitingRelease);
    }
}
