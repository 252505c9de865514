package io.millwright.core.twin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One side of a twin ({@code reported} or {@code desired}): the document, its version and when each top-level key last
 * changed. Immutable: the document is copied in and out.
 *
 * @param version 0 for a side never written, then incremented by one for every patch that changed the document
 * @param keyUpdatedAt for each top-level key of the document, when a patch last changed it (or anything below it)
 */
public record TwinSide(ObjectNode document, long version, Map<String, Instant> keyUpdatedAt) {

    public TwinSide {
        document = Objects.requireNonNull(document, "document").deepCopy();
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        keyUpdatedAt = Map.copyOf(keyUpdatedAt);
    }

    public static TwinSide empty() {
        return new TwinSide(JsonNodeFactory.instance.objectNode(), 0, Map.of());
    }

    /** A copy of the document; changing it does not change this side. */
    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }

    /**
     * This side after an effective change {@code diff} (a merge patch, see {@link JsonMergePatch#diff}) that produced
     * {@code next}: the version is incremented, changed top-level keys take {@code at}, removed keys lose their time.
     */
    TwinSide next(ObjectNode next, ObjectNode diff, Instant at) {
        Map<String, Instant> times = new TreeMap<>(keyUpdatedAt);
        diff.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                times.remove(member.getKey());
            } else {
                times.put(member.getKey(), at);
            }
        });
        return new TwinSide(next, version + 1, times);
    }

    /** The document without a defensive copy, for read-only use inside this package. */
    ObjectNode view() {
        return document;
    }
}
