package io.millwright.server;

import io.millwright.core.auth.AuthService;
import io.millwright.core.command.CommandService;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.telemetry.TelemetryStore;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.connectivity.ConnectivityService;

/**
 * The domain services of a running platform, for transports and for tests that drive the platform from inside.
 *
 * @param defaultTenant the tenant created on first start (anonymous MQTT clients land here)
 */
public record Services(
        Tenant defaultTenant,
        AuthService auth,
        DeviceRegistry devices,
        TwinService twins,
        ConnectivityService connectivity,
        CommandService commands,
        TelemetryService telemetry,
        TelemetryStore telemetryStore,
        TelemetryIngest telemetryIngest,
        DeviceStore deviceStore) {}
