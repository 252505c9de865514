package io.millwright.core.broker;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An outbound QoS 1 or 2 message of a session: either waiting to be sent, or sent and not yet fully acknowledged
 * (in flight). In-flight messages are resent with DUP=1 when the session resumes [MQTT-4.4.0-1].
 *
 * @param subscriptionIdentifiers identifiers of the matching subscriptions, sent with the message [MQTT-3.3.4-3]
 * @param expiresAt when the message expires (message expiry interval), or {@code null} for never
 * @param packetId the packet identifier while in flight, 0 while queued
 */
public record QueuedMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        MessageProperties properties,
        List<Integer> subscriptionIdentifiers,
        Instant expiresAt,
        int packetId,
        State state) {

    /** Where the message is in the QoS 1/2 exchange (MQTT 5.0 section 4.3). */
    public enum State {
        /** Not sent yet. */
        QUEUED,
        /** PUBLISH sent, waiting for PUBACK (QoS 1) or PUBREC (QoS 2). */
        AWAITING_ACK,
        /** QoS 2: PUBREL sent, waiting for PUBCOMP; only the packet id matters any more. */
        AWAITING_COMPLETE
    }

    public QueuedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(state, "state");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
        if (qos < 1 || qos > 2) {
            throw new IllegalArgumentException("only QoS 1 and 2 messages are queued");
        }
        if ((state == State.QUEUED) != (packetId == 0)) {
            throw new IllegalArgumentException("a packet id is set exactly while the message is in flight");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueuedMessage m
                && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload)
                && qos == m.qos
                && retain == m.retain
                && properties.equals(m.properties)
                && subscriptionIdentifiers.equals(m.subscriptionIdentifiers)
                && Objects.equals(expiresAt, m.expiresAt)
                && packetId == m.packetId
                && state == m.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, packetId, state) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "QueuedMessage[" + topic + " qos " + qos + " " + state + " id " + packetId + "]";
    }
}
