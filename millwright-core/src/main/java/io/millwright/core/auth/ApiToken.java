package io.millwright.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token of a user, as stored: only the SHA-256 {@code digest} of the secret is kept.
 *
 * @param expiresAt {@code null} for a token that never expires (API tokens only)
 */
public record ApiToken(
        String id,
        String tenantId,
        String userId,
        String name,
        Kind kind,
        String digest,
        Instant createdAt,
        Instant expiresAt) {

    /** How the token was obtained. */
    public enum Kind {
        /** Issued by a password login; short-lived. */
        SESSION,
        /** Created for automation; named, listed and revocable. */
        API
    }

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
