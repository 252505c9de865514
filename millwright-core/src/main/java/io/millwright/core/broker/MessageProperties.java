package io.millwright.core.broker;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The application-level properties an MQTT 5 PUBLISH carries end to end (MQTT 5.0 section 3.3.2.3). The broker forwards
 * them unaltered to subscribers [MQTT-3.3.2-4], [MQTT-3.3.2-15], [MQTT-3.3.2-17], [MQTT-3.3.2-18], [MQTT-3.3.2-20];
 * MQTT 3.1.1 clients receive none of them.
 *
 * @param payloadFormatIndicator 0 (unspecified bytes) or 1 (UTF-8), or {@code null} when absent
 * @param messageExpiryInterval seconds the message lives, or {@code null} for no expiry
 * @param contentType MIME type of the payload, or {@code null}
 * @param responseTopic topic for a response (request/response pattern), or {@code null}
 * @param correlationData opaque bytes correlating a response to its request, or {@code null}
 * @param userProperties name/value pairs in their original order; never {@code null}
 */
public record MessageProperties(
        Integer payloadFormatIndicator,
        Long messageExpiryInterval,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of());

    /** One MQTT 5 User Property; names may repeat [MQTT-3.3.2-17]. */
    public record UserProperty(String name, String value) {
        public UserProperty {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public MessageProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
        correlationData = correlationData == null ? null : correlationData.clone();
        if (payloadFormatIndicator != null && payloadFormatIndicator != 0 && payloadFormatIndicator != 1) {
            throw new IllegalArgumentException("payloadFormatIndicator must be 0 or 1");
        }
        if (messageExpiryInterval != null && (messageExpiryInterval < 0 || messageExpiryInterval > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("messageExpiryInterval must be 0..4294967295");
        }
    }

    @Override
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    /** The same properties with another expiry interval (the broker rewrites it to the remaining lifetime). */
    public MessageProperties withMessageExpiryInterval(Long seconds) {
        return new MessageProperties(
                payloadFormatIndicator, seconds, contentType, responseTopic, correlationData, userProperties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageProperties p
                && Objects.equals(payloadFormatIndicator, p.payloadFormatIndicator)
                && Objects.equals(messageExpiryInterval, p.messageExpiryInterval)
                && Objects.equals(contentType, p.contentType)
                && Objects.equals(responseTopic, p.responseTopic)
                && Arrays.equals(correlationData, p.correlationData)
                && userProperties.equals(p.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic, userProperties)
                + 31 * Arrays.hashCode(correlationData);
    }

    @Override
    public String toString() {
        return "MessageProperties[payloadFormatIndicator=" + payloadFormatIndicator + ", messageExpiryInterval="
                + messageExpiryInterval + ", contentType=" + contentType + ", responseTopic=" + responseTopic
                + ", correlationData=" + (correlationData == null ? "null" : correlationData.length + " bytes")
                + ", userProperties=" + userProperties + "]";
    }
}
