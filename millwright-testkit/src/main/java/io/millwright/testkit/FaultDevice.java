package io.millwright.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A device registered for a fault test, with the token it connects with. */
public record FaultDevice(String id, String name, String token) {

    /** Registers {@code count} devices named {@code prefix-0}, {@code prefix-1}, ... as the admin. */
    public static List<FaultDevice> create(ServerProcess server, String prefix, int count) {
        ApiClient admin = server.api().loginAsAdmin();
        List<FaultDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode created = admin.createDevice(prefix + "-" + i);
            devices.add(new FaultDevice(
                    created.path("id").asText(),
                    prefix + "-" + i,
                    created.path("token").asText()));
        }
        return devices;
    }

    /** The device's MQTT telemetry topic. */
    public String telemetryTopic() {
        return "devices/" + name + "/telemetry";
    }
}
