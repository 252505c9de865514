package io.millwright.core.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Authentication settings.
 *
 * @param sessionTtl lifetime of a token issued by a password login
 * @param credentialCacheTtl how long a verified token is trusted without another store lookup; revocation through
 *     this node takes effect at once, through another node after at most this long
 */
public record AuthConfig(Duration sessionTtl, Duration credentialCacheTtl) {

    public static final AuthConfig DEFAULTS = new AuthConfig(Duration.ofHours(12), Duration.ofSeconds(30));

    public AuthConfig {
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        Objects.requireNonNull(credentialCacheTtl, "credentialCacheTtl");
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("sessionTtl must be positive");
        }
        if (credentialCacheTtl.isNegative()) {
            throw new IllegalArgumentException("credentialCacheTtl must not be negative");
        }
    }
}
