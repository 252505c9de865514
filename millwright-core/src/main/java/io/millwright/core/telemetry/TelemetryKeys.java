package io.millwright.core.telemetry;

import io.millwright.core.error.InvalidInputException;
import java.util.Collection;
import java.util.List;

/** The rule for telemetry keys: 1 to a limit of {@code [A-Za-z0-9_.-]}, so keys fit URLs, topics and SQL unchanged. */
public final class TelemetryKeys {

    /** The key length every backend must accept; {@link TelemetryLimits#maxKeyLength()} may only be lower. */
    public static final int MAX_LENGTH = 128;

    private TelemetryKeys() {}

    /** Returns {@code key} if valid; otherwise throws {@link InvalidInputException} naming the key. */
    public static String check(String key, int maxLength) {
        if (key == null || key.isEmpty() || key.length() > Math.min(maxLength, MAX_LENGTH)) {
            throw new InvalidInputException(
                    "key",
                    "telemetry keys must be 1-" + Math.min(maxLength, MAX_LENGTH) + " characters (was '"
                            + abbreviate(key) + "')");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!allowed) {
                throw new InvalidInputException(
                        "key",
                        "telemetry keys may hold only A-Z, a-z, 0-9, '_', '.' and '-' (was '" + abbreviate(key) + "')");
            }
        }
        return key;
    }

    /** Checks a list of keys of a query: 1 to {@code max} valid keys, no duplicates. */
    public static List<String> checkAll(Collection<String> keys, int max) {
        if (keys == null || keys.isEmpty() || keys.size() > max) {
            throw new InvalidInputException("keys", "a query names 1-" + max + " keys");
        }
        List<String> copy = List.copyOf(keys);
        copy.forEach(k -> check(k, MAX_LENGTH));
        if (copy.stream().distinct().count() != copy.size()) {
            throw new InvalidInputException("keys", "a query names each key once");
        }
        return copy;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
