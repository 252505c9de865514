package io.millwright.core.twin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parsing, printing and measuring JSON documents from outside (twin patches, command parameters and results). Parsing
 * is strict: one value, no trailing tokens, no duplicate keys, so two readers can never disagree about a document.
 */
public final class JsonDocuments {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonDocuments() {}

    /**
     * Parses {@code text} of at most {@code maxBytes} UTF-8 bytes.
     *
     * @throws LimitExceededException (SIZE) if the text is longer, before it is parsed
     * @throws InvalidInputException naming {@code field} if it is not one well-formed JSON value
     */
    public static JsonNode parse(String field, String text, int maxBytes) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, field + " must be a JSON document");
        }
        checkBytes(field, utf8Length(text), maxBytes);
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    field,
                    field + " is not valid JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
    }

    /** Parses {@code text} like {@link #parse} and requires a JSON object. */
    public static ObjectNode parseObject(String field, String text, int maxBytes) {
        return requireObject(field, parse(field, text, maxBytes));
    }

    public static ObjectNode requireObject(String field, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(field, field + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Compact JSON text; for storage and transports. */
    public static String print(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to print", e);
        }
    }

    /** Parses JSON text this process wrote (storage); a failure means corrupt data, not bad input. */
    public static JsonNode read(String stored) {
        try {
            return MAPPER.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }

    /** The size of the compact form in UTF-8 bytes. */
    public static int byteSize(JsonNode node) {
        return utf8Length(print(node));
    }

    /** Nesting depth: a scalar is 0, {@code {}} and {@code []} are 1, {@code {"a":{"b":1}}} is 2. */
    public static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    /** The number of object members at every level. */
    public static int keyCount(JsonNode node) {
        int count = 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                count += 1 + keyCount(member.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                count += keyCount(child);
            }
        }
        return count;
    }

    static void checkBytes(String field, int bytes, int maxBytes) {
        if (bytes > maxBytes) {
            throw new LimitExceededException(
                    LimitExceededException.Kind.SIZE,
                    field + " is " + bytes + " bytes; at most " + maxBytes + " are allowed");
        }
    }

    private static int utf8Length(String text) {
        if (text.length() > 4 * 1024 * 1024) {
            return Integer.MAX_VALUE;
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
