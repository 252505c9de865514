package io.millwright.core.device;

import java.util.List;
import java.util.Map;

/** What a caller supplies to register a device; validated by {@link DeviceRegistry}. */
public record NewDevice(String name, String type, Map<String, String> labels, List<TopicGrant> grants) {

    public NewDevice {
        labels = labels == null ? Map.of() : labels;
        grants = grants == null ? List.of() : grants;
    }
}
