package io.millwright.core.twin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A device's twin: what the device last reported and what people, applications and rules want it to be. A device
 * that was never patched has an empty twin with both versions 0.
 */
public record Twin(String tenantId, String deviceId, TwinSide reported, TwinSide desired) {

    public Twin {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(desired, "desired");
    }

    public static Twin empty(String tenantId, String deviceId) {
        return new Twin(tenantId, deviceId, TwinSide.empty(), TwinSide.empty());
    }

    /**
     * The desired keys whose value differs from the reported one, recursing into nested objects (see {@link
     * JsonMergePatch#difference}). Applying it as a merge patch to {@code reported} brings every desired key in line;
     * it is what a device that was offline must catch up on.
     */
    public ObjectNode delta() {
        return JsonMergePatch.difference(desired.view(), reported.view());
    }

    Twin withReported(TwinSide side) {
        return new Twin(tenantId, deviceId, side, desired);
    }

    Twin withDesired(TwinSide side) {
        return new Twin(tenantId, deviceId, reported, side);
    }
}
