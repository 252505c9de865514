package io.millwright.core.telemetry;

import java.util.Set;

/** Which devices of a tenant a retention purge applies to. */
public sealed interface DeviceSelection {

    /** Whether the purge covers {@code deviceId}. */
    boolean includes(String deviceId);

    /** Every device of the tenant, including devices no longer in the registry. */
    record All() implements DeviceSelection {
        @Override
        public boolean includes(String deviceId) {
            return true;
        }
    }

    /** Only these devices. */
    record Only(Set<String> deviceIds) implements DeviceSelection {
        public Only {
            deviceIds = Set.copyOf(deviceIds);
        }

        @Override
        public boolean includes(String deviceId) {
            return deviceIds.contains(deviceId);
        }
    }

    /** Every device except these (the devices that follow another retention rule). */
    record AllExcept(Set<String> deviceIds) implements DeviceSelection {
        public AllExcept {
            deviceIds = Set.copyOf(deviceIds);
        }

        @Override
        public boolean includes(String deviceId) {
            return !deviceIds.contains(deviceId);
        }
    }
}
