package io.millwright.it;

import static io.millwright.it.MqttClients.bytes;
import static io.millwright.it.MqttClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandRequest;
import io.millwright.core.command.CommandStatus;
import io.millwright.testkit.TestPlatform;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ThingsBoard-compatible devices (Paho MQTT 3.1.1, access token as username): client attributes are the reported
 * state, shared attributes the desired state, RPC requests are commands; every device uses {@code v1/devices/me/...}
 * and sees only its own traffic.
 */
class ThingsBoardMqttIT {

    private static TestPlatform platform;
    private static Principal.User admin;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        admin = platform.admin();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private record Device(String id, String name, String token) {
        static Device create(String name) {
            JsonNode created = platform.api().loginAsAdmin().createDevice(name);
            return new Device(
                    created.path("id").asText(), name, created.path("token").asText());
        }
    }

    /** Messages a Paho client received, as "topic payload". */
    private static List<String> collect(MqttClient client, String filter) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        client.subscribe(filter, 1, (topic, message) -> received.add(topic + " " + new String(message.getPayload())));
        return received;
    }

    private static JsonNode payloadOf(List<String> received, String topic) {
        return received.stream()
                .filter(m -> m.startsWith(topic + " "))
                .map(m -> json(m.substring(topic.length() + 1)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void client_attributes_are_the_reported_state() throws Exception {
        Device device = Device.create("tb-reporter");
        MqttClient tb = MqttClients.thingsBoard(platform, device.token());
        tb.publish("v1/devices/me/attributes", bytes("{\"firmware\":\"2.1\",\"serial\":\"A-1\"}"), 1, false);
        assertThat(platform.services()
                        .twins()
                        .get(admin, device.id())
                        .reported()
                        .document())
                .isEqualTo(json("{\"firmware\":\"2.1\",\"serial\":\"A-1\"}"));
        tb.disconnect();
        tb.close();
    }

    @Test
    void shared_attribute_updates_are_pushed_as_changed_keys_only() throws Exception {
        Device device = Device.create("tb-shared");
        MqttClient tb = MqttClients.thingsBoard(platform, device.token());
        List<String> received = collect(tb, "v1/devices/me/attributes");
        platform.services()
                .twins()
                .patchDesired(admin, device.id(), "{\"mode\":\"eco\",\"limit\":7}", Optional.empty());
        platform.services().twins().patchDesired(admin, device.id(), "{\"mode\":null,\"limit\":8}", Optional.empty());
        await().until(() -> received.size() == 2);
        assertThat(json(received.get(0).substring("v1/devices/me/attributes ".length())))
                .isEqualTo(json("{\"mode\":\"eco\",\"limit\":7}"));
        assertThat(json(received.get(1).substring("v1/devices/me/attributes ".length())))
                .isEqualTo(json("{\"limit\":8,\"deleted\":[\"mode\"]}"));
        tb.disconnect();
        tb.close();
    }

    @Test
    void attribute_requests_are_answered_on_the_response_topic() throws Exception {
        Device device = Device.create("tb-requester");
        platform.services()
                .twins()
                .patchDesired(admin, device.id(), "{\"mode\":\"eco\",\"other\":1}", Optional.empty());
        MqttClient tb = MqttClients.thingsBoard(platform, device.token());
        tb.publish("v1/devices/me/attributes", bytes("{\"firmware\":\"2.1\",\"serial\":\"A-1\"}"), 1, false);
        List<String> received = collect(tb, "v1/devices/me/attributes/response/+");

        tb.publish(
                "v1/devices/me/attributes/request/1",
                bytes("{\"clientKeys\":\"firmware\",\"sharedKeys\":\"mode,missing\"}"),
                1,
                false);
        tb.publish("v1/devices/me/attributes/request/2", bytes(""), 1, false);
        tb.publish("v1/devices/me/attributes/request/3", bytes("{\"sharedKeys\":\"other\"}"), 1, false);
        await().until(() -> received.size() == 3);

        assertThat(payloadOf(received, "v1/devices/me/attributes/response/1"))
                .isEqualTo(json("{\"client\":{\"firmware\":\"2.1\"},\"shared\":{\"mode\":\"eco\"}}"));
        assertThat(payloadOf(received, "v1/devices/me/attributes/response/2"))
                .isEqualTo(json("{\"client\":{\"firmware\":\"2.1\",\"serial\":\"A-1\"},"
                        + "\"shared\":{\"mode\":\"eco\",\"other\":1}}"));
        assertThat(payloadOf(received, "v1/devices/me/attributes/response/3"))
                .isEqualTo(json("{\"shared\":{\"other\":1}}"));
        tb.disconnect();
        tb.close();
    }

    @Test
    void rpc_round_trip_and_devices_see_only_their_own_requests() throws Exception {
        Device device = Device.create("tb-rpc");
        Device neighbour = Device.create("tb-rpc-neighbour");
        MqttClient tb = MqttClients.thingsBoard(platform, device.token());
        MqttClient other = MqttClients.thingsBoard(platform, neighbour.token());
        List<String> requests = collect(tb, "v1/devices/me/rpc/request/+");
        List<String> overheard = collect(other, "v1/devices/me/rpc/request/+");

        Command command = platform.services()
                .commands()
                .create(admin, device.id(), new CommandRequest("setGpio", json("{\"pin\":4}"), null, null, false));
        String requestTopic = "v1/devices/me/rpc/request/" + command.id();
        await().until(() -> !requests.isEmpty());
        assertThat(payloadOf(requests, requestTopic))
                .isEqualTo(json("{\"method\":\"setGpio\",\"params\":{\"pin\":4}}"));
        await().until(() -> platform.services()
                        .commands()
                        .get(admin, device.id(), command.id())
                        .status()
                == CommandStatus.DELIVERED);

        tb.publish("v1/devices/me/rpc/response/" + command.id(), bytes("{\"pin\":4,\"value\":1}"), 1, false);
        Command done = platform.services().commands().get(admin, device.id(), command.id());
        assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(done.result()).isEqualTo(json("{\"pin\":4,\"value\":1}"));
        assertThat(overheard).isEmpty();
        tb.disconnect();
        tb.close();
        other.disconnect();
        other.close();
    }

    @Test
    void an_invalid_rpc_response_leaves_the_command_unchanged() throws Exception {
        Device device = Device.create("tb-rpc-invalid");
        MqttClient tb = MqttClients.thingsBoard(platform, device.token());
        List<String> requests = collect(tb, "v1/devices/me/rpc/request/+");
        Command command = platform.services()
                .commands()
                .create(admin, device.id(), new CommandRequest("noop", null, null, null, false));
        await().until(() -> !requests.isEmpty());
        await().until(() -> platform.services()
                        .commands()
                        .get(admin, device.id(), command.id())
                        .status()
                == CommandStatus.DELIVERED);
        tb.publish("v1/devices/me/rpc/response/" + command.id(), bytes("{oops"), 1, false);
        assertThat(tb.isConnected()).isTrue();
        assertThat(platform.services()
                        .commands()
                        .get(admin, device.id(), command.id())
                        .status())
                .isEqualTo(CommandStatus.DELIVERED);
        tb.disconnect();
        tb.close();
    }
}
