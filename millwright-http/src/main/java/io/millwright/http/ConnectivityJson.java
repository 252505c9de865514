package io.millwright.http;

import io.millwright.core.twin.connectivity.ConnectivityEvent;
import io.millwright.core.twin.connectivity.ConnectivityState;
import java.time.Instant;

/** Response bodies of the connectivity routes. Times are ISO-8601, {@code null} until the event first happens. */
final class ConnectivityJson {

    private ConnectivityJson() {}

    /** Whether the device is connected now, and the facts of its last connection. */
    record ConnectivityView(
            boolean online,
            Instant lastSeen,
            Instant lastConnectedAt,
            Instant lastDisconnectedAt,
            String remoteAddress,
            String protocol) {

        static ConnectivityView of(ConnectivityState s) {
            return new ConnectivityView(
                    s.online(),
                    s.lastSeen(),
                    s.lastConnectedAt(),
                    s.lastDisconnectedAt(),
                    s.remoteAddress(),
                    s.protocol());
        }
    }

    /**
     * One connect or disconnect. {@code type} is {@code connected} (with {@code remoteAddress} and {@code protocol})
     * or {@code disconnected} (with {@code reason}); the members of the other type are {@code null}.
     */
    record EventView(String type, Instant at, String remoteAddress, String protocol, String reason) {

        static EventView of(ConnectivityEvent event) {
            if (event instanceof ConnectivityEvent.Connected c) {
                return new EventView("connected", c.at(), c.remoteAddress(), c.protocol(), null);
            }
            ConnectivityEvent.Disconnected d = (ConnectivityEvent.Disconnected) event;
            return new EventView("disconnected", d.at(), null, null, d.reason());
        }
    }
}
