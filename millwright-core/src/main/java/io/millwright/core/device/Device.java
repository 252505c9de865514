package io.millwright.core.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered device. Its access token is not part of the record: the registry stores only the token's digest and
 * shows the secret once, when it is created or rotated.
 *
 * @param type free-form classification (e.g. {@code "pump"}), or {@code null}
 * @param labels key/value tags for filtering; never {@code null}
 * @param grants MQTT access beyond the device's own topic subtree; never {@code null}
 */
public record Device(
        String id,
        String tenantId,
        String name,
        String type,
        Map<String, String> labels,
        List<TopicGrant> grants,
        Instant createdAt,
        Instant updatedAt) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        grants = List.copyOf(grants);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
