package io.millwright.http;

import io.millwright.core.auth.ApiToken;
import io.millwright.core.auth.IssuedToken;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.User;
import io.millwright.core.error.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Request and response bodies of the auth, token and user routes. Unknown request fields are rejected. */
final class AuthJson {

    private AuthJson() {}

    record LoginRequest(String username, String password) {}

    record LoginResponse(String token, Instant expiresAt) {
        static LoginResponse of(IssuedToken issued) {
            return new LoginResponse(issued.secret(), issued.token().expiresAt());
        }
    }

    /** {@code expiresAt} is an ISO-8601 date-time with offset (e.g. {@code 2030-01-01T00:00:00Z}), or absent. */
    record CreateTokenRequest(String name, String expiresAt) {
        Instant expiry() {
            if (expiresAt == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(expiresAt).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "expiresAt",
                        "expiresAt must be an ISO-8601 date-time with offset, e.g. 2030-01-01T00:00:00Z (was '"
                                + expiresAt + "')");
            }
        }
    }

    /** A newly created API token: the only time {@code token} (the secret) is shown. */
    record CreatedToken(String id, String name, String token, Instant createdAt, Instant expiresAt) {
        static CreatedToken of(IssuedToken issued) {
            ApiToken t = issued.token();
            return new CreatedToken(t.id(), t.name(), issued.secret(), t.createdAt(), t.expiresAt());
        }
    }

    record TokenView(String id, String name, Instant createdAt, Instant expiresAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.createdAt(), t.expiresAt());
        }
    }

    /** {@code role} is one of {@code admin}, {@code operator}, {@code viewer}. */
    record CreateUserRequest(String username, String password, String role) {}

    record UserView(String id, String username, String role, Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.role().wireName(), u.createdAt());
        }
    }

    record MeView(String id, String username, String role, String tenantId) {
        static MeView of(Principal.User p) {
            return new MeView(p.userId(), p.name(), p.role().wireName(), p.tenantId());
        }
    }
}
