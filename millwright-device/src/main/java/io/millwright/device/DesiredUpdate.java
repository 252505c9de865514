package io.millwright.device;

import java.util.Map;
import java.util.Objects;

/**
 * A change of the twin's desired state, as received on {@code devices/{name}/twin/desired}: the twin version and the
 * desired keys that changed (a JSON merge patch: a {@code null} value means the key was removed). After a (re)connect
 * the current delta arrives in the same shape, so handlers must be idempotent.
 *
 * @param version the twin version after the change
 * @param desired the changed desired keys, as Jackson maps JSON (Map, List, String, Number, Boolean, null)
 */
public record DesiredUpdate(long version, Map<String, Object> desired) {
    public DesiredUpdate {
        Objects.requireNonNull(desired, "desired");
    }
}
