package io.millwright.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** JSON encoding of the device API's messages, with Jackson's plain Java mapping (Map, List, String, Number, ...). */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private Json() {}

    /**
     * Encodes a value.
     *
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Decodes a JSON object.
     *
     * @throws IOException when the payload is not a JSON object
     */
    static Map<String, Object> readObject(byte[] payload) throws IOException {
        Map<String, Object> map = MAPPER.readValue(payload, OBJECT);
        if (map == null) {
            throw new IOException("expected a JSON object, got null");
        }
        return map;
    }
}
