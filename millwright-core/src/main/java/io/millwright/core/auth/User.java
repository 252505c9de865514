package io.millwright.core.auth;

import java.time.Instant;
import java.util.Objects;

/** A user account. {@code username} is unique across all tenants, so login needs no tenant name. */
public record User(String id, String tenantId, String username, String passwordHash, Role role, Instant createdAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Principal.User principal() {
        return new Principal.User(tenantId, id, username, role);
    }
}
