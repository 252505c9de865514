package io.millwright.core.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long telemetry is kept. The most specific rule wins: a device type's TTL, else the tenant's, else the default.
 * An absent TTL ({@code defaultTtl == null}) keeps data forever unless an override says otherwise.
 *
 * @param defaultTtl the TTL of every tenant without an override, or {@code null} to keep data forever
 * @param tenantTtl tenant id to TTL
 * @param deviceTypeTtl device type (in any tenant) to TTL
 */
public record RetentionPolicy(
        Duration defaultTtl, Map<String, Duration> tenantTtl, Map<String, Duration> deviceTypeTtl) {

    public RetentionPolicy {
        if (defaultTtl != null) {
            positive("default", defaultTtl);
        }
        tenantTtl = Map.copyOf(tenantTtl);
        deviceTypeTtl = Map.copyOf(deviceTypeTtl);
        tenantTtl.forEach(RetentionPolicy::positive);
        deviceTypeTtl.forEach(RetentionPolicy::positive);
    }

    /** One TTL for everything. */
    public static RetentionPolicy keep(Duration ttl) {
        return new RetentionPolicy(Objects.requireNonNull(ttl, "ttl"), Map.of(), Map.of());
    }

    /** The TTL of a tenant's devices without a type override. */
    public Optional<Duration> ttlOfTenant(String tenantId) {
        return Optional.ofNullable(tenantTtl.getOrDefault(tenantId, defaultTtl));
    }

    private static void positive(String name, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("telemetry retention TTL '" + name + "' must be positive");
        }
    }
}
