package io.millwright.core;

import io.millwright.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** Checks on values that arrive from outside. Each failure names the field and states what is allowed. */
public final class Validation {

    /** Device names, usernames and similar identifiers that appear in MQTT topics and URLs. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Validation() {}

    public static String name(String field, String value) {
        required(field, value);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInputException(
                    field,
                    field + " must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-' (was '" + abbreviate(value)
                            + "')");
        }
        return value;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    /** A free-text value of 1 to {@code max} characters with no control characters. */
    public static String text(String field, String value, int max) {
        required(field, value);
        if (value.isEmpty() || value.length() > max) {
            throw new InvalidInputException(
                    field, field + " must be 1-" + max + " characters (was " + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInputException(field, field + " must not contain control characters");
            }
        }
        return value;
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
