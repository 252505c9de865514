package io.millwright.core.telemetry;

import java.util.List;
import java.util.Objects;

/** Points of one device, as appended in one submission and announced to {@link TelemetryListener}s after commit. */
public record DeviceTelemetry(String tenantId, String deviceId, List<TelemetryPoint> points) {

    public DeviceTelemetry {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        points = List.copyOf(points);
    }
}
