package io.millwright.it;

import static io.millwright.it.MqttClients.json;
import static io.millwright.it.MqttClients.next;
import static io.millwright.it.MqttClients.publishes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandRequest;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.command.CommandTransition;
import io.millwright.testkit.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands over MQTT: delivery on PUBACK, results, offline devices, restarts, expiry and timeout. */
class CommandMqttIT {

    private static TestPlatform platform;
    /** Admin principals per platform: logging in hashes a password, too slow to repeat in a polling loop. */
    private static final Map<TestPlatform, Principal.User> ADMINS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
    }

    private static Principal.User admin(TestPlatform p) {
        return ADMINS.computeIfAbsent(p, TestPlatform::admin);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private record Device(String id, String name, String token) {
        static Device create(TestPlatform p, String name) {
            JsonNode created = p.api().loginAsAdmin().createDevice(name);
            return new Device(
                    created.path("id").asText(), name, created.path("token").asText());
        }
    }

    private static Command create(TestPlatform p, Device device, String method, Integer ttl, Integer timeout) {
        return p.services()
                .commands()
                .create(admin(p), device.id(), new CommandRequest(method, json("{\"level\":3}"), ttl, timeout, false));
    }

    private static Command command(TestPlatform p, Device device, String commandId) {
        return p.services().commands().get(admin(p), device.id(), commandId);
    }

    private static void awaitStatus(TestPlatform p, Device device, String commandId, CommandStatus status) {
        Principal.User admin = admin(p);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> p.services()
                                .commands()
                                .get(admin, device.id(), commandId)
                                .status()
                        == status);
    }

    private static void subscribeToCommands(Mqtt5BlockingClient client, Device device) {
        client.subscribeWith()
                .topicFilter("devices/" + device.name() + "/commands/+")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
    }

    @Test
    void a_command_is_delivered_on_puback_and_completed_by_the_devices_result() {
        Device device = Device.create(platform, "cmd-online");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            subscribeToCommands(client, device);
            Command command = create(platform, device, "setLevel", null, null);

            Mqtt5Publish received = next(in);
            assertThat(received.getTopic().toString()).isEqualTo("devices/cmd-online/commands/" + command.id());
            assertThat(json(received)).isEqualTo(json("{\"method\":\"setLevel\",\"params\":{\"level\":3}}"));
            assertThat(received.getCorrelationData()
                            .map(b -> StandardCharsets.UTF_8.decode(b).toString()))
                    .contains(command.id());
            awaitStatus(platform, device, command.id(), CommandStatus.DELIVERED);

            assertThat(MqttClients.pubAck(
                            client,
                            "devices/cmd-online/commands/" + command.id() + "/result",
                            "{\"ok\":true,\"result\":{\"level\":3}}"))
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            Command done = command(platform, device, command.id());
            assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(done.result()).isEqualTo(json("{\"level\":3}"));
        }
        client.disconnect();
    }

    @Test
    void a_failed_result_and_an_invalid_result() {
        Device device = Device.create(platform, "cmd-results");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            subscribeToCommands(client, device);
            Command command = create(platform, device, "reboot", null, null);
            next(in);
            awaitStatus(platform, device, command.id(), CommandStatus.DELIVERED);
            String resultTopic = "devices/cmd-results/commands/" + command.id() + "/result";

            assertThat(MqttClients.pubAck(client, resultTopic, "{\"ok\":\"maybe\"}"))
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(MqttClients.pubAck(client, resultTopic, "not json"))
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(command(platform, device, command.id()).status()).isEqualTo(CommandStatus.DELIVERED);

            assertThat(MqttClients.pubAck(client, resultTopic, "{\"ok\":false,\"error\":\"busy\"}"))
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            Command failed = command(platform, device, command.id());
            assertThat(failed.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(failed.error()).isEqualTo("busy");

            assertThat(MqttClients.pubAck(client, resultTopic, "{\"ok\":true}"))
                    .as("a finished command takes no second result")
                    .isEqualTo(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        }
        client.disconnect();
    }

    @Test
    void a_connected_device_that_does_not_listen_to_commands_keeps_them_queued_until_it_subscribes() {
        Device device = Device.create(platform, "cmd-deaf");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        Command command = create(platform, device, "ping", null, null);
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> command(platform, device, command.id()).status() == CommandStatus.QUEUED);
        try (var in = publishes(client)) {
            subscribeToCommands(client, device);
            assertThat(json(next(in)).path("method").asText()).isEqualTo("ping");
        }
        awaitStatus(platform, device, command.id(), CommandStatus.DELIVERED);
        assertThat(platform.services().commands().history(admin(platform), device.id(), command.id()))
                .extracting(CommandTransition::status)
                .containsExactly(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED);
        client.disconnect();
    }

    @Test
    void commands_to_an_offline_device_are_delivered_in_order_after_it_reconnects() {
        Device device = Device.create(platform, "cmd-offline");
        Command first = create(platform, device, "first", null, null);
        Command second = create(platform, device, "second", null, null);
        assertThat(command(platform, device, first.id()).status()).isEqualTo(CommandStatus.QUEUED);

        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            subscribeToCommands(client, device);
            assertThat(json(next(in)).path("method").asText()).isEqualTo("first");
            assertThat(json(next(in)).path("method").asText()).isEqualTo("second");
        }
        awaitStatus(platform, device, first.id(), CommandStatus.DELIVERED);
        awaitStatus(platform, device, second.id(), CommandStatus.DELIVERED);
        client.disconnect();
    }

    @Test
    void a_command_queued_before_a_restart_reaches_a_persistent_session_after_it() {
        try (TestPlatform own = TestPlatform.start()) {
            Device device = Device.create(own, "cmd-restart");
            String clientId = "cmd-restart-" + UUID.randomUUID();
            Mqtt5BlockingClient first = MqttClients.v5(own, clientId);
            MqttClients.connect(first, device.name(), device.token(), true, 3600);
            subscribeToCommands(first, device);
            first.disconnect();

            Command command = create(own, device, "calibrate", null, null);
            own.restart();
            assertThat(command(own, device, command.id()).status()).isEqualTo(CommandStatus.QUEUED);

            Mqtt5BlockingClient again = MqttClients.v5(own, clientId);
            try (var in = publishes(again)) {
                assertThat(MqttClients.connect(again, device.name(), device.token(), false, 3600)
                                .isSessionPresent())
                        .as("the subscription survived the restart, no new SUBSCRIBE is needed")
                        .isTrue();
                Mqtt5Publish received = next(in);
                assertThat(received.getTopic().toString()).isEqualTo("devices/cmd-restart/commands/" + command.id());
            }
            awaitStatus(own, device, command.id(), CommandStatus.DELIVERED);
            again.disconnect();
        }
    }

    @Test
    void a_command_for_a_device_that_stays_offline_expires() {
        Device device = Device.create(platform, "cmd-expiring");
        Command command = create(platform, device, "late", 1, null);
        awaitStatus(platform, device, command.id(), CommandStatus.EXPIRED);
    }

    @Test
    void a_delivered_command_without_result_times_out() {
        Device device = Device.create(platform, "cmd-silent");
        Mqtt5BlockingClient client = MqttClients.device(platform, device.name(), device.token());
        try (var in = publishes(client)) {
            subscribeToCommands(client, device);
            Command command = create(platform, device, "slow", null, 1);
            next(in);
            awaitStatus(platform, device, command.id(), CommandStatus.TIMED_OUT);
        }
        client.disconnect();
    }
}
