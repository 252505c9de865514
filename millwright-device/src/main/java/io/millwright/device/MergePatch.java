package io.millwright.device;

import java.util.LinkedHashMap;
import java.util.Map;

/** Composition of JSON merge patches (RFC 7386), used to coalesce twin reports made while offline. */
final class MergePatch {

    private MergePatch() {}

    /**
     * A patch equivalent to applying {@code first} and then {@code second}: keys of {@code second} replace those of
     * {@code first}, except that two objects under the same key are composed recursively. {@code null} values (key
     * removals) are kept, as they must still reach the server. Neither argument is modified.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> compose(Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> result = new LinkedHashMap<>(first);
        second.forEach((key, value) -> {
            Object previous = result.get(key);
            if (value instanceof Map<?, ?> next && previous instanceof Map<?, ?> prior) {
                result.put(key, compose((Map<String, Object>) prior, (Map<String, Object>) next));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
