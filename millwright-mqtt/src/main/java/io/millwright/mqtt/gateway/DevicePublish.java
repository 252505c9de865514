package io.millwright.mqtt.gateway;

import io.millwright.core.auth.Principal;
import io.millwright.mqtt.InboundPublish;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A PUBLISH of a device on one of its own {@link DeviceTopic}s, as handed to a {@link DeviceTopicHandler}. */
public record DevicePublish(Principal.Device device, DeviceTopic topic, InboundPublish publish) {

    public DevicePublish {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(publish, "publish");
    }

    /** The payload as text; malformed UTF-8 becomes replacement characters, which JSON parsing then rejects. */
    public String text() {
        return new String(publish.payload(), StandardCharsets.UTF_8);
    }
}
