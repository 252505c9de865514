package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A connected client as the platform sees it.
 *
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5
 */
public record ClientInfo(Principal principal, String clientId, SocketAddress remoteAddress, int protocolVersion) {
    public ClientInfo {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientId, "clientId");
    }

    public String tenantId() {
        return principal.tenantId();
    }
}
