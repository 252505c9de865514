package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A connected client as the platform sees it.
 *
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5
 * @param connectionId unique per network connection within the broker's run: tells apart the old and the new
 *     connection of a session takeover, which share the client id
 */
public record ClientInfo(
        Principal principal, String clientId, SocketAddress remoteAddress, int protocolVersion, long connectionId) {
    public ClientInfo {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientId, "clientId");
    }

    public String tenantId() {
        return principal.tenantId();
    }
}
