package io.millwright.core.event;

import io.millwright.core.auth.Principal;
import io.millwright.core.device.Device;
import java.util.Objects;

/**
 * The device an event is about: enough for a listener to address it on every transport (the name appears in MQTT
 * topics such as {@code devices/{name}/twin/desired}) without another registry lookup.
 */
public record DeviceRef(String tenantId, String deviceId, String deviceName) {

    public DeviceRef {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceName, "deviceName");
    }

    public static DeviceRef of(Device device) {
        return new DeviceRef(device.tenantId(), device.id(), device.name());
    }

    public static DeviceRef of(Principal.Device device) {
        return new DeviceRef(device.tenantId(), device.deviceId(), device.name());
    }
}
