package io.millwright.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.millwright.core.error.DomainException;
import io.millwright.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The one JSON configuration of the HTTP API, and strict reading of request values.
 *
 * <p>Reading is strict so that a typo never silently does nothing: unknown fields, duplicate keys, trailing content and
 * scalar coercions ({@code "name": 5}, {@code "limit": "5"}) are rejected. Every rejection becomes an {@link
 * InvalidInputException} naming the offending field by its JSON path (e.g. {@code grants[1].action}). Instants are
 * written as ISO-8601 strings.
 */
public final class Json {

    /** Jackson's message for {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}, which has no dedicated type. */
    private static final String DUPLICATE = "Duplicate field '";

    private final ObjectMapper mapper;

    public Json() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        cfg -> cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** The configured mapper; shared, thread-safe, not to be reconfigured. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Serialises a response value. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getName(), e);
        }
    }

    /**
     * Parses a request body into {@code type}.
     *
     * @throws InvalidInputException if the body is not a JSON value of that shape, or is JSON {@code null}
     */
    public <T> T read(byte[] body, Class<T> type) {
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (IOException e) {
            throw translate(e, "");
        }
        if (value == null) {
            throw new InvalidInputException(null, "the request body must be a JSON object, not null");
        }
        return value;
    }

    /** Parses a request body as a JSON object tree (for partial updates, where absent and null differ). */
    public JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw translate(e, "");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(null, "the request body must be a JSON object");
        }
        return node;
    }

    /**
     * Converts one member of a parsed tree, with the same strictness as {@link #read}.
     *
     * @param field the member's path, used in error messages
     */
    public <T> T convert(JsonNode node, TypeReference<T> type, String field) {
        try {
            return mapper.readerFor(type).readValue(mapper.treeAsTokens(node));
        } catch (IOException e) {
            throw translate(e, field);
        }
    }

    /** Rejects members of {@code node} other than {@code allowed}, naming the first unknown one. */
    static void requireOnly(JsonNode node, Collection<String> allowed, String prefix) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw unknownField(join(prefix, name), allowed);
            }
        }
    }

    private static InvalidInputException unknownField(String path, Collection<?> allowed) {
        return new InvalidInputException(
                path, "unknown field '" + path + "'; allowed fields are " + new TreeSet<>(allowedNames(allowed)));
    }

    private static List<String> allowedNames(Collection<?> allowed) {
        return allowed.stream().map(Objects::toString).toList();
    }

    private static RuntimeException translate(IOException e, String prefix) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof DomainException domain) {
            return domain;
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return unknownField(join(prefix, path(upe)), upe.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException mie) {
            String field = join(prefix, path(mie));
            String expected = describe(mie.getTargetType());
            String detail = field.isEmpty()
                    ? "the request body must be a JSON " + expected
                    : field + " must be " + withArticle(expected);
            if (mie instanceof InvalidFormatException ife && ife.getValue() != null) {
                detail += " (was " + ife.getValue() + ")";
            }
            return new InvalidInputException(field.isEmpty() ? null : field, detail);
        }
        if (e instanceof JacksonException je
                && je.getOriginalMessage() != null
                && je.getOriginalMessage().startsWith(DUPLICATE)) {
            String message = je.getOriginalMessage();
            String name = message.substring(DUPLICATE.length(), message.indexOf('\'', DUPLICATE.length()));
            String field = join(prefix, name);
            return new InvalidInputException(field, "field '" + field + "' appears more than once");
        }
        if (e instanceof JacksonException je) {
            var location = je.getLocation();
            String where =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            String field = prefix.isEmpty() ? null : prefix;
            return new InvalidInputException(field, "malformed JSON" + where + ": " + je.getOriginalMessage());
        }
        return new UncheckedIOException(e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String withArticle(String noun) {
        return noun.startsWith("a") || noun.startsWith("o") || noun.startsWith("i") ? "an " + noun : "a " + noun;
    }
}
