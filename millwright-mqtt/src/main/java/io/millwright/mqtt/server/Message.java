package io.millwright.mqtt.server;

import io.millwright.core.broker.MessageProperties;
import java.util.Objects;

/**
 * An application message inside the broker, from one publisher to many sessions. Immutable; the payload array is
 * never modified once the message is built, so one instance is shared by every delivery.
 *
 * @param expiresAtMillis epoch millis when the message expires ([MQTT-3.3.2-5]), or {@link Long#MAX_VALUE}
 * @param publisher the publishing session, or {@code null} for a platform-originated message (no-local never applies)
 */
public record Message(
        String tenantId,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        MessageProperties properties,
        long expiresAtMillis,
        SessionKey publisher) {

    public Message {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
    }

    static long expiresAt(MessageProperties properties, long nowMillis) {
        Long interval = properties.messageExpiryInterval();
        return interval == null ? Long.MAX_VALUE : nowMillis + interval * 1000L;
    }

    boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Properties to send now: the expiry interval is the remaining lifetime, rounded up [MQTT-3.3.2-6]. */
    MessageProperties propertiesAt(long nowMillis) {
        if (expiresAtMillis == Long.MAX_VALUE) {
            return properties;
        }
        long remaining = Math.max(1, (expiresAtMillis - nowMillis + 999) / 1000);
        return properties.withMessageExpiryInterval(remaining);
    }

    /** The same message on another topic (the client-visible topic of a mounted subscription). */
    Message withTopic(String newTopic) {
        return newTopic.equals(topic)
                ? this
                : new Message(tenantId, newTopic, payload, qos, retain, properties, expiresAtMillis, publisher);
    }

    Message withRetain(boolean newRetain) {
        return newRetain == retain
                ? this
                : new Message(tenantId, topic, payload, qos, newRetain, properties, expiresAtMillis, publisher);
    }
}
