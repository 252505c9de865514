package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import java.util.Objects;

/**
 * An authorised PUBLISH received from a client, as offered to the {@link PublishInterceptor}.
 *
 * @param payload a private copy of the payload; the interceptor may keep it
 * @param qos 0, 1 or 2
 */
public record InboundPublish(
        Principal principal,
        String clientId,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        MessageProperties properties) {

    public InboundPublish {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(properties, "properties");
    }

    public String tenantId() {
        return principal.tenantId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundPublish p
                && principal.equals(p.principal)
                && clientId.equals(p.clientId)
                && topic.equals(p.topic)
                && java.util.Arrays.equals(payload, p.payload)
                && qos == p.qos
                && retain == p.retain
                && properties.equals(p.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(principal, clientId, topic, qos, retain);
    }

    @Override
    public String toString() {
        return "InboundPublish[" + principal.name() + " " + topic + " " + payload.length + " bytes qos " + qos + "]";
    }
}
