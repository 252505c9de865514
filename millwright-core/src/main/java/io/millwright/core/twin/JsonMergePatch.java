package io.millwright.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396) on object documents, plus the two comparisons the twin needs: the patch that turns one
 * document into another, and value equality where {@code 1}, {@code 1.0} and {@code 1e0} are the same number.
 *
 * <p>All methods leave their arguments unchanged and return new trees.
 */
public final class JsonMergePatch {

    /** Orders numbers by value and everything else by equality, for {@link JsonNode#equals(Comparator, JsonNode)}. */
    private static final Comparator<JsonNode> NUMERIC_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonMergePatch() {}

    /**
     * Applies {@code patch} to {@code target} as RFC 7396 section 2 defines: a {@code null} member removes the key, an
     * object member merges recursively (replacing a non-object target value), any other value (arrays included)
     * replaces the target value.
     */
    public static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        merge(result, patch);
        return result;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject()) {
                JsonNode existing = target.get(member.getKey());
                ObjectNode child = existing != null && existing.isObject()
                        ? (ObjectNode) existing
                        : target.putObject(member.getKey());
                merge(child, (ObjectNode) value);
            } else {
                target.set(member.getKey(), value.deepCopy());
            }
        }
    }

    /**
     * The smallest merge patch that turns {@code from} into {@code to}: removed keys map to {@code null}, changed
     * nested objects to their own diff, other changed values to the new value. Empty if the documents are equal.
     * {@code apply(from, diff(from, to))} equals {@code to} for documents without {@code null} members, which is every
     * document a merge patch can produce.
     */
    public static ObjectNode diff(ObjectNode from, ObjectNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : from.properties()) {
            if (!to.has(member.getKey())) {
                patch.putNull(member.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> member : to.properties()) {
            JsonNode old = from.get(member.getKey());
            JsonNode now = member.getValue();
            if (old != null && old.isObject() && now.isObject()) {
                ObjectNode nested = diff((ObjectNode) old, (ObjectNode) now);
                if (!nested.isEmpty()) {
                    patch.set(member.getKey(), nested);
                }
            } else if (old == null || !sameValue(old, now)) {
                patch.set(member.getKey(), now.deepCopy());
            }
        }
        return patch;
    }

    /**
     * The members of {@code wanted} that {@code actual} does not match: a missing or different value is included as
     * wanted, nested objects are compared member by member and included only with their differing members. Members
     * only in {@code actual} are ignored. This is the twin's delta (desired against reported).
     */
    public static ObjectNode difference(ObjectNode wanted, ObjectNode actual) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : wanted.properties()) {
            JsonNode want = member.getValue();
            JsonNode have = actual.get(member.getKey());
            if (have != null && have.isObject() && want.isObject()) {
                ObjectNode nested = difference((ObjectNode) want, (ObjectNode) have);
                if (!nested.isEmpty()) {
                    delta.set(member.getKey(), nested);
                }
            } else if (have == null || !sameValue(have, want)) {
                delta.set(member.getKey(), want.deepCopy());
            }
        }
        return delta;
    }

    /** Deep JSON value equality, comparing numbers by value ({@code 1 == 1.0}). */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(NUMERIC_VALUE, b);
    }
}
