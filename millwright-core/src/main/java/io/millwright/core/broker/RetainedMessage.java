package io.millwright.core.broker;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The last retained message of one topic in one tenant (MQTT 5.0 section 3.3.1.3). A retained message with an empty
 * payload is never stored: it clears the topic [MQTT-3.3.1-6].
 *
 * @param qos the QoS it was published with (0-2)
 * @param expiresAt when it stops being delivered (message expiry interval), or {@code null} for never
 */
public record RetainedMessage(
        String tenantId,
        String topic,
        byte[] payload,
        int qos,
        MessageProperties properties,
        Instant storedAt,
        Instant expiresAt) {

    public RetainedMessage {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(storedAt, "storedAt");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0-2");
        }
        if (payload.length == 0) {
            throw new IllegalArgumentException("an empty retained payload clears the topic; it is never stored");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetainedMessage r
                && tenantId.equals(r.tenantId)
                && topic.equals(r.topic)
                && Arrays.equals(payload, r.payload)
                && qos == r.qos
                && properties.equals(r.properties)
                && storedAt.equals(r.storedAt)
                && Objects.equals(expiresAt, r.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, topic, qos) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RetainedMessage[" + tenantId + " " + topic + " " + payload.length + " bytes qos " + qos + "]";
    }
}
