package io.millwright.core.twin;

import io.millwright.core.Ids;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Creates tenants and devices in a backend's registry stores, for the twin and command contract tests. */
public final class DeviceFixtures {

    private final TenantStore tenants;
    private final DeviceStore devices;

    public DeviceFixtures(TenantStore tenants, DeviceStore devices) {
        this.tenants = tenants;
        this.devices = devices;
    }

    public Tenant tenant() {
        Tenant tenant =
                new Tenant(Ids.newId(), "t-" + Ids.newId(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        tenants.create(tenant);
        return tenant;
    }

    public Device device(Tenant tenant, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Device device = new Device(Ids.newId(), tenant.id(), name, null, Map.of(), List.of(), now, now);
        devices.create(device, "digest-" + device.id());
        return device;
    }
}
