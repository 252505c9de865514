package io.millwright.mqtt.server;

import java.util.Objects;

/** Identifies a session: client identifiers are unique per tenant, not globally (tenant isolation). */
public record SessionKey(String tenantId, String clientId) {
    public SessionKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
    }
}
