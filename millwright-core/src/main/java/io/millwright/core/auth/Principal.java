package io.millwright.core.auth;

/**
 * Who is acting. Every request that reaches a domain service carries one, and every service scopes what it reads and
 * writes to {@link #tenantId()}: that scoping is what isolates tenants.
 */
public sealed interface Principal permits Principal.User, Principal.Device, Principal.Anonymous {

    String tenantId();

    /** A display name for logs and audit: the username or the device name. */
    String name();

    /** A person or an automation acting through a user account (session or API token). */
    record User(String tenantId, String userId, String name, Role role) implements Principal {
        public boolean has(Role required) {
            return role.includes(required);
        }
    }

    /** A device authenticated by its access token. */
    record Device(String tenantId, String deviceId, String name) implements Principal {}

    /** A client admitted without credentials because anonymous access is enabled (development only). */
    record Anonymous(String tenantId) implements Principal {
        @Override
        public String name() {
            return "anonymous";
        }
    }
}
