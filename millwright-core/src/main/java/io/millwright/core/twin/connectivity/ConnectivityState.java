package io.millwright.core.twin.connectivity;

import io.millwright.core.event.DeviceRef;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a device is connected, and since when. Times are {@code null} until the event first happens.
 *
 * @param lastSeen when the device last connected, sent anything or disconnected (flushed periodically, so the stored
 *     value may lag by the flush interval; {@link ConnectivityService#state} includes unflushed activity)
 * @param remoteAddress the address of the last connection (e.g. {@code 10.0.0.7:51234}), or {@code null}
 * @param protocol the transport of the last connection (e.g. {@code mqtt-5}), or {@code null}
 */
public record ConnectivityState(
        DeviceRef device,
        boolean online,
        Instant lastSeen,
        Instant lastConnectedAt,
        Instant lastDisconnectedAt,
        String remoteAddress,
        String protocol) {

    public ConnectivityState {
        Objects.requireNonNull(device, "device");
    }

    /** A device that never connected. */
    public static ConnectivityState never(DeviceRef device) {
        return new ConnectivityState(device, false, null, null, null, null, null);
    }

    ConnectivityState seenAt(Instant at) {
        if (lastSeen != null && !at.isAfter(lastSeen)) {
            return this;
        }
        return new ConnectivityState(device, online, at, lastConnectedAt, lastDisconnectedAt, remoteAddress, protocol);
    }
}
