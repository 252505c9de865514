package io.millwright.mqtt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.mqtt.gateway.DeviceTopic.Kind;
import org.junit.jupiter.api.Test;

class DeviceTopicTest {

    private static DeviceTopic parse(String topic) {
        return DeviceTopic.parse("pump-1", topic).orElse(null);
    }

    @Test
    void the_devices_own_api_topics_are_recognised() {
        assertThat(parse("devices/pump-1/twin/reported")).isEqualTo(new DeviceTopic(Kind.TWIN_REPORTED, null));
        assertThat(parse("devices/pump-1/twin/get")).isEqualTo(new DeviceTopic(Kind.TWIN_GET, null));
        assertThat(parse("devices/pump-1/commands/c42/result")).isEqualTo(new DeviceTopic(Kind.COMMAND_RESULT, "c42"));
        assertThat(parse("devices/pump-1/telemetry")).isEqualTo(new DeviceTopic(Kind.TELEMETRY, null));
    }

    @Test
    void mounted_thingsboard_topics_are_recognised() {
        assertThat(parse("devices/pump-1/tb/telemetry")).isEqualTo(new DeviceTopic(Kind.THINGSBOARD_TELEMETRY, null));
        assertThat(parse("devices/pump-1/tb/attributes")).isEqualTo(new DeviceTopic(Kind.THINGSBOARD_ATTRIBUTES, null));
        assertThat(parse("devices/pump-1/tb/attributes/request/7"))
                .isEqualTo(new DeviceTopic(Kind.THINGSBOARD_ATTRIBUTES_REQUEST, "7"));
        assertThat(parse("devices/pump-1/tb/rpc/response/c42"))
                .isEqualTo(new DeviceTopic(Kind.THINGSBOARD_RPC_RESPONSE, "c42"));
    }

    @Test
    void other_topics_are_not_device_api_topics() {
        assertThat(parse("devices/pump-2/twin/reported"))
                .as("another device's topic")
                .isNull();
        assertThat(parse("devices/pump-1/twin/desired"))
                .as("the device's inbound topic")
                .isNull();
        assertThat(parse("devices/pump-1/commands/c42")).isNull();
        assertThat(parse("devices/pump-1/commands//result")).isNull();
        assertThat(parse("devices/pump-1/tb/rpc/request/1"))
                .as("device-side RPC is routed")
                .isNull();
        assertThat(parse("devices/pump-1/tb/attributes/response/1")).isNull();
        assertThat(parse("devices/pump-1/status")).isNull();
        assertThat(parse("devices/pump-10/twin/reported")).isNull();
        assertThat(parse("v1/devices/me/attributes"))
                .as("only internal, mounted topics")
                .isNull();
    }

    @Test
    void outbound_topics() {
        assertThat(DeviceTopic.twinDesired("pump-1")).isEqualTo("devices/pump-1/twin/desired");
        assertThat(DeviceTopic.command("pump-1", "c1")).isEqualTo("devices/pump-1/commands/c1");
        assertThat(DeviceTopic.thingsBoardRpcRequest("pump-1", "c1")).isEqualTo("devices/pump-1/tb/rpc/request/c1");
        assertThat(DeviceTopic.thingsBoardAttributesResponse("pump-1", "9"))
                .isEqualTo("devices/pump-1/tb/attributes/response/9");
    }
}
