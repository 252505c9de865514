package io.millwright.core.telemetry;

import io.millwright.core.common.Page;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy}: per tenant, purges the devices of each overridden type with that type's TTL, then
 * every other device with the tenant's TTL, and finally gives the freed space back. The assembly schedules
 * {@link #run()} (hourly is plenty); runs must not overlap.
 */
public final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final TelemetryStore store;
    private final TenantStore tenants;
    private final DeviceStore devices;
    private final RetentionPolicy policy;
    private final Clock clock;

    public RetentionJob(
            TelemetryStore store, TenantStore tenants, DeviceStore devices, RetentionPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Purges expired points of every tenant and reclaims the space; returns the number of points deleted. */
    public long run() {
        long now = clock.millis();
        long deleted = 0;
        for (Tenant tenant : tenants.list()) {
            deleted += purgeTenant(tenant.id(), now);
        }
        store.reclaimSpace();
        if (deleted > 0) {
            log.info("telemetry retention deleted {} points", deleted);
        }
        return deleted;
    }

    private long purgeTenant(String tenantId, long now) {
        long deleted = 0;
        Set<String> overridden = new HashSet<>();
        for (Map.Entry<String, Duration> rule : policy.deviceTypeTtl().entrySet()) {
            Set<String> ids = devicesOfType(tenantId, rule.getKey());
            overridden.addAll(ids);
            if (!ids.isEmpty()) {
                deleted += store.purge(tenantId, new DeviceSelection.Only(ids), cutoff(now, rule.getValue()));
            }
        }
        Optional<Duration> ttl = policy.ttlOfTenant(tenantId);
        if (ttl.isPresent()) {
            deleted += store.purge(tenantId, new DeviceSelection.AllExcept(overridden), cutoff(now, ttl.get()));
        }
        return deleted;
    }

    private Set<String> devicesOfType(String tenantId, String type) {
        Set<String> ids = new HashSet<>();
        String after = null;
        do {
            Page<Device> page =
                    devices.find(new DeviceQuery(tenantId, null, type, Map.of(), after, DeviceQuery.MAX_LIMIT));
            page.items().forEach(d -> ids.add(d.id()));
            after = page.next();
        } while (after != null);
        return ids;
    }

    private static long cutoff(long now, Duration ttl) {
        return Math.max(0, now - Math.min(ttl.toMillis(), now));
    }
}
