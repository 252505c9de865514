package io.millwright.device;

import java.util.Map;
import java.util.Objects;

/**
 * The whole twin of the device, as answered on {@code devices/{name}/twin} to a request on
 * {@code devices/{name}/twin/get}.
 *
 * @param reported what the device reported
 * @param desired what applications want the device to be
 * @param version the twin version; it increases with every change of either side
 */
public record Twin(Map<String, Object> reported, Map<String, Object> desired, long version) {
    public Twin {
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(desired, "desired");
    }
}
