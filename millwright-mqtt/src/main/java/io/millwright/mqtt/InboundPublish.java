package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import java.util.Arrays;
import java.util.Objects;

/**
 * An authorised PUBLISH received from a client, as offered to the {@link PublishInterceptor}.
 *
 * @param topic the topic name inside the tenant's namespace, after topic alias resolution and after the device mount
 *     ({@code v1/devices/me/...} arrives as {@code devices/{name}/tb/...}, see {@code DeviceTopicMount})
 * @param payload a private copy of the payload; the interceptor may keep it
 * @param qos 0, 1 or 2
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5: only MQTT 5 can carry a negative acknowledgement
 */
public record InboundPublish(
        Principal principal,
        String clientId,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        MessageProperties properties,
        int protocolVersion) {

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

    public boolean isV5() {
        return protocolVersion == 5;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundPublish p
                && principal.equals(p.principal)
                && clientId.equals(p.clientId)
                && topic.equals(p.topic)
                && Arrays.equals(payload, p.payload)
                && qos == p.qos
                && retain == p.retain
                && properties.equals(p.properties)
                && protocolVersion == p.protocolVersion;
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
