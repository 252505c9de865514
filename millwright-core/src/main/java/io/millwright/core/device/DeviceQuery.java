package io.millwright.core.device;

import java.util.Map;

/**
 * A filter over one tenant's devices, listed in name order.
 *
 * @param namePrefix only names starting with this, or {@code null}
 * @param type only this type, or {@code null}
 * @param labels every entry must be present with the same value
 * @param after the cursor of the previous page (the last name it held), or {@code null}
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record DeviceQuery(
        String tenantId, String namePrefix, String type, Map<String, String> labels, String after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public DeviceQuery {
        labels = Map.copyOf(labels);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
    }
}
