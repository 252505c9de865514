package io.millwright.core.twin.connectivity;

import io.millwright.core.event.DeviceRef;
import java.time.Instant;
import java.util.Objects;

/** A device's connection opened or closed; stored as history and emitted to listeners. */
public sealed interface ConnectivityEvent permits ConnectivityEvent.Connected, ConnectivityEvent.Disconnected {

    DeviceRef device();

    Instant at();

    /** The device connected from {@code remoteAddress} over {@code protocol} (e.g. {@code mqtt-3.1.1}). */
    record Connected(DeviceRef device, Instant at, String remoteAddress, String protocol) implements ConnectivityEvent {
        public Connected {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The device's connection closed; {@code reason} says why (client disconnect, keep-alive timeout, takeover). */
    record Disconnected(DeviceRef device, Instant at, String reason) implements ConnectivityEvent {
        public Disconnected {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(at, "at");
        }
    }
}
