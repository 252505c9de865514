package io.millwright.core.broker;

import io.millwright.core.auth.Principal;
import java.util.Objects;

/**
 * The principal an MQTT session belongs to, by kind and name: only that principal may resume or take over the session
 * (MQTT 5.0 section 4.1 leaves the scope of client identifiers to the server; Millwright scopes them to a tenant and
 * an owner). Kind and name rather than the whole principal, so that a user whose role changed still owns their
 * sessions. Every anonymous client has the same owner, so anonymous clients may share client identifiers.
 */
public record SessionOwner(Kind kind, String name) {

    /** What kind of principal owns the session. */
    public enum Kind {
        USER,
        DEVICE,
        ANONYMOUS
    }

    public SessionOwner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static SessionOwner of(Principal principal) {
        Kind kind;
        if (principal instanceof Principal.User) {
            kind = Kind.USER;
        } else if (principal instanceof Principal.Device) {
            kind = Kind.DEVICE;
        } else {
            kind = Kind.ANONYMOUS;
        }
        return new SessionOwner(kind, principal.name());
    }
}
