package io.millwright.device;

import java.util.List;
import java.util.Optional;

/** The device API's topics for one device name. */
record Topics(String name) {

    private static final String PREFIX = "devices/";

    String telemetry() {
        return base() + "telemetry";
    }

    String twinReported() {
        return base() + "twin/reported";
    }

    String twinDesired() {
        return base() + "twin/desired";
    }

    String twinGet() {
        return base() + "twin/get";
    }

    String twin() {
        return base() + "twin";
    }

    String commands() {
        return base() + "commands/+";
    }

    String commandResult(String commandId) {
        return base() + "commands/" + commandId + "/result";
    }

    /** What the device subscribes to on every connection. */
    List<String> subscriptions() {
        return List.of(twinDesired(), twin(), commands());
    }

    /** The command id when {@code topic} is {@code devices/{name}/commands/{id}}. */
    Optional<String> commandId(String topic) {
        String prefix = base() + "commands/";
        if (!topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = topic.substring(prefix.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }

    private String base() {
        return PREFIX + name + "/";
    }
}
