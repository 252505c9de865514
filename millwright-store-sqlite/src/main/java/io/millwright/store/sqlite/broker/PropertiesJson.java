package io.millwright.store.sqlite.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.broker.MessageProperties;
import io.millwright.store.sqlite.StorageException;
import java.util.Base64;
import java.util.List;

/** The stored JSON form of MQTT message properties and small lists. */
final class PropertiesJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Correlation data is binary: stored as base64. */
    private record Stored(
            Integer payloadFormatIndicator,
            Long messageExpiryInterval,
            String contentType,
            String responseTopic,
            String correlationData,
            List<MessageProperties.UserProperty> userProperties) {}

    private PropertiesJson() {}

    static String write(MessageProperties p) {
        if (p.equals(MessageProperties.NONE)) {
            return null;
        }
        byte[] correlation = p.correlationData();
        return toJson(new Stored(
                p.payloadFormatIndicator(),
                p.messageExpiryInterval(),
                p.contentType(),
                p.responseTopic(),
                correlation == null ? null : Base64.getEncoder().encodeToString(correlation),
                p.userProperties()));
    }

    static MessageProperties read(String json) {
        if (json == null) {
            return MessageProperties.NONE;
        }
        Stored s = fromJson(json, Stored.class);
        return new MessageProperties(
                s.payloadFormatIndicator(),
                s.messageExpiryInterval(),
                s.contentType(),
                s.responseTopic(),
                s.correlationData() == null ? null : Base64.getDecoder().decode(s.correlationData()),
                s.userProperties());
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("corrupt JSON column: " + json, e);
        }
    }

    static <T> T fromJson(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("corrupt JSON column: " + json, e);
        }
    }
}
