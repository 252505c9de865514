package io.millwright.core.auth;

import java.util.Locale;

/**
 * What a user may do inside its tenant. Roles are ordered: each includes everything the roles below it may do.
 */
public enum Role {
    /** Reads devices, twins and telemetry. */
    VIEWER,
    /** Also creates, changes and deletes devices, writes telemetry and sends commands. */
    OPERATOR,
    /** Also manages users. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case wire name; returns {@code null} for an unknown name so callers can report the field. */
    public static Role fromWireName(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        return null;
    }
}
