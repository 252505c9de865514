package io.millwright.core.tenant;

import java.time.Instant;
import java.util.Objects;

/** An isolated customer or site. Every other entity carries the id of exactly one tenant. */
public record Tenant(String id, String name, Instant createdAt) {

    /** Name of the tenant created on first start. */
    public static final String DEFAULT_NAME = "default";

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
