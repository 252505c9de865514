package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's behaviour against an in-memory transport: ordering, buffering, dedup, twin, fallback. */
class MillwrightDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeTransports broker = new FakeTransports();
    private final List<MillwrightDevice> devices = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeDevices() {
        devices.forEach(MillwrightDevice::close);
    }

    private DeviceBuilder builder(String name) {
        return MillwrightDevice.builder()
                .server("mqtt://127.0.0.1:1")
                .name(name)
                .token("secret")
                .backoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .clock(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC))
                .random(new Random(7))
                .transportFactory(broker);
    }

    private MillwrightDevice start(DeviceBuilder builder) throws Exception {
        MillwrightDevice device = builder.build();
        devices.add(device);
        device.connect().get(10, TimeUnit.SECONDS);
        return device;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Integer> telemetrySequence() {
        return broker.published.stream()
                .filter(p -> p.topic().endsWith("/telemetry"))
                .map(p -> json(p.text()).path("values").path("n").asInt())
                .toList();
    }

    @Test
    void connects_with_name_and_token_and_subscribes_to_twin_and_commands() throws Exception {
        start(builder("pump-1"));
        FakeTransports.FakeTransport connection = broker.last();
        assertThat(connection.settings.username()).isEqualTo("pump-1");
        assertThat(new String(connection.settings.password())).isEqualTo("secret");
        assertThat(connection.protocol).isEqualTo(MqttProtocol.V5);
        assertThat(connection.subscriptions)
                .containsExactlyInAnyOrder(
                        "devices/pump-1/twin/desired", "devices/pump-1/twin", "devices/pump-1/commands/+");
    }

    @Test
    void telemetry_is_stamped_with_the_device_clock_or_the_given_instant() throws Exception {
        MillwrightDevice device = start(builder("pump-2"));
        device.sendTelemetry(Map.of("temperature", 21.5)).get(10, TimeUnit.SECONDS);
        device.telemetry()
                .at(Instant.ofEpochMilli(5))
                .put("t", 1.5)
                .put("door", "open")
                .send()
                .get(10, TimeUnit.SECONDS);

        assertThat(broker.topics()).containsOnly("devices/pump-2/telemetry");
        assertThat(json(broker.published.get(0).text()))
                .isEqualTo(json("{\"ts\":1700000000000,\"values\":{\"temperature\":21.5}}"));
        assertThat(json(broker.published.get(1).text()))
                .isEqualTo(json("{\"ts\":5,\"values\":{\"t\":1.5,\"door\":\"open\"}}"));
    }

    @Test
    void telemetry_sent_while_offline_is_replayed_in_order_after_the_reconnect() throws Exception {
        MillwrightDevice device = start(builder("pump-3"));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        broker.connectOutcome = protocol -> new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, -1, "down", null);
        broker.last().lose();
        await().atMost(WAIT).until(() -> !device.isConnected());
        for (int n = 5; n < 50; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
        assertThat(device.stats().telemetryBuffered()).isEqualTo(45);

        broker.connectOutcome = protocol -> null;
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        for (int n = 50; n < 60; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(telemetrySequence()).containsExactlyElementsOf(range(60));
        assertThat(device.stats().telemetryAcknowledged()).isEqualTo(60);
        assertThat(device.stats().connections()).isEqualTo(2);
    }

    @Test
    void unacknowledged_messages_in_flight_are_resent_in_order_on_the_next_connection() throws Exception {
        MillwrightDevice device = start(builder("pump-4").maxInFlight(4));
        broker.autoAck = false;
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
        FakeTransports.FakeTransport first = broker.last();
        await().atMost(WAIT).until(() -> first.pendingAcks.size() == 4);
        first.pendingAcks.get(0).complete(null);
        await().atMost(WAIT).until(() -> first.pendingAcks.size() == 5);

        broker.autoAck = true;
        first.lose();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(telemetrySequence()).containsExactly(0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void a_full_buffer_drops_the_oldest_message_and_fails_its_future() throws Exception {
        MillwrightDevice device = builder("pump-5").bufferCapacity(3).build();
        devices.add(device);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            acks.add(device.sendTelemetry(Map.of("n", n)));
        }
        for (int n = 0; n < 2; n++) {
            assertThatThrownBy(acks.get(n)::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.DROPPED));
        }
        assertThat(device.stats().telemetryDropped()).isEqualTo(2);

        device.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(acks.subList(2, 5).toArray(CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);
        assertThat(telemetrySequence()).containsExactly(2, 3, 4);
    }

    @Test
    void telemetry_in_an_on_disk_buffer_survives_a_device_restart() throws Exception {
        Path buffer = dir.resolve("buffer");
        MillwrightDevice offline = builder("pump-6").bufferDirectory(buffer).build();
        for (int n = 0; n < 20; n++) {
            offline.sendTelemetry(Map.of("n", n));
        }
        offline.close();
        assertThat(broker.published).isEmpty();

        MillwrightDevice restarted = start(builder("pump-6").bufferDirectory(buffer));
        restarted.sendTelemetry(Map.of("n", 20)).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> restarted.stats().telemetryBuffered() == 0);
        assertThat(telemetrySequence()).containsExactlyElementsOf(range(21));
    }

    @Test
    void a_command_delivered_twice_runs_once_and_is_answered_each_time() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        MillwrightDevice device = builder("fan-1").build().onCommand("set-speed", command -> {
            runs.incrementAndGet();
            return Map.of("speed", command.number("speed", 0));
        });
        devices.add(device);
        device.connect().get(10, TimeUnit.SECONDS);

        broker.last().deliver("devices/fan-1/commands/c-1", "{\"method\":\"set-speed\",\"params\":{\"speed\":70}}");
        await().atMost(WAIT).until(() -> results("fan-1", "c-1").size() == 1);
        broker.last().deliver("devices/fan-1/commands/c-1", "{\"method\":\"set-speed\",\"params\":{\"speed\":70}}");
        await().atMost(WAIT).until(() -> results("fan-1", "c-1").size() == 2);

        assertThat(runs).hasValue(1);
        assertThat(results("fan-1", "c-1"))
                .allSatisfy(r -> assertThat(r).isEqualTo(json("{\"ok\":true,\"result\":{\"speed\":70.0}}")));
        assertThat(device.stats().commandsHandled()).isEqualTo(1);
    }

    @Test
    void failing_and_unknown_commands_are_answered_with_an_error() throws Exception {
        MillwrightDevice device = builder("fan-2").build().onCommand("explode", command -> {
            throw new IllegalStateException("not today");
        });
        devices.add(device);
        device.connect().get(10, TimeUnit.SECONDS);

        broker.last().deliver("devices/fan-2/commands/c-1", "{\"method\":\"explode\"}");
        broker.last().deliver("devices/fan-2/commands/c-2", "{\"method\":\"dance\",\"params\":null}");
        broker.last().deliver("devices/fan-2/commands/c-3", "not json");
        await().atMost(WAIT).until(() -> results("fan-2", "c-3").size() == 1);
        await().atMost(WAIT).until(() -> results("fan-2", "c-2").size() == 1);

        assertThat(results("fan-2", "c-1")).containsExactly(json("{\"ok\":false,\"error\":\"not today\"}"));
        assertThat(results("fan-2", "c-2")).containsExactly(json("{\"ok\":false,\"error\":\"unknown method: dance\"}"));
        assertThat(results("fan-2", "c-3").get(0).path("ok").asBoolean()).isFalse();
    }

    @Test
    void desired_updates_reach_the_handler_and_stale_versions_are_skipped() throws Exception {
        List<DesiredUpdate> updates = new CopyOnWriteArrayList<>();
        MillwrightDevice device = builder("fan-3").build().onDesired(updates::add);
        devices.add(device);
        device.connect().get(10, TimeUnit.SECONDS);

        broker.last().deliver("devices/fan-3/twin/desired", "{\"version\":4,\"desired\":{\"speed\":40}}");
        broker.last().deliver("devices/fan-3/twin/desired", "{\"version\":3,\"desired\":{\"speed\":30}}");
        broker.last().deliver("devices/fan-3/twin/desired", "{\"version\":5,\"desired\":{\"speed\":null}}");
        await().atMost(WAIT).until(() -> updates.size() == 2);

        assertThat(updates).extracting(DesiredUpdate::version).containsExactly(4L, 5L);
        assertThat(updates.get(0).desired()).containsEntry("speed", 40);
        assertThat(updates.get(1).desired()).containsEntry("speed", null);
    }

    @Test
    void twin_reports_made_offline_are_merged_into_one_patch() throws Exception {
        MillwrightDevice device = builder("fan-4").build();
        devices.add(device);
        CompletableFuture<Void> first = device.reportTwin(Map.of("speed", 10, "mode", "auto"));
        CompletableFuture<Void> second = device.reportTwin(Map.of("speed", 20));
        device.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);

        assertThat(broker.published).hasSize(1);
        assertThat(broker.published.get(0).topic()).isEqualTo("devices/fan-4/twin/reported");
        assertThat(json(broker.published.get(0).text())).isEqualTo(json("{\"speed\":20,\"mode\":\"auto\"}"));
    }

    @Test
    void the_whole_twin_is_requested_and_answered() throws Exception {
        MillwrightDevice device = start(builder("fan-5"));
        CompletableFuture<Twin> twin = device.twin();
        await().atMost(WAIT).until(() -> broker.topics().contains("devices/fan-5/twin/get"));
        broker.last()
                .deliver(
                        "devices/fan-5/twin", "{\"reported\":{\"speed\":20},\"desired\":{\"speed\":50},\"version\":9}");
        assertThat(twin.get(10, TimeUnit.SECONDS)).isEqualTo(new Twin(Map.of("speed", 20), Map.of("speed", 50), 9));
    }

    @Test
    void an_mqtt5_refusal_falls_back_to_mqtt_3_1_1_and_sticks_to_it() throws Exception {
        broker.connectOutcome = protocol -> protocol == MqttProtocol.V5
                ? new ConnectFailure(ConnectFailure.Kind.PROTOCOL_REFUSED, 0x84, "unsupported", null)
                : null;
        MillwrightDevice device = start(builder("old-1"));
        assertThat(device.protocol()).contains(MqttProtocol.V3_1_1);
        assertThat(broker.created).extracting(t -> t.protocol).containsExactly(MqttProtocol.V5, MqttProtocol.V3_1_1);

        broker.last().lose();
        await().atMost(WAIT).until(() -> broker.created.size() == 3 && device.isConnected());
        assertThat(broker.last().protocol).isEqualTo(MqttProtocol.V3_1_1);
    }

    @Test
    void refused_credentials_fail_connect_and_stop_reconnecting() {
        broker.connectOutcome =
                protocol -> new ConnectFailure(ConnectFailure.Kind.CREDENTIALS_REFUSED, 0x86, "bad token", null);
        MillwrightDevice device = builder("bad-1").build();
        devices.add(device);
        assertThatThrownBy(() -> device.connect().get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        DeviceException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.CREDENTIALS_REFUSED));
        assertThat(broker.created).hasSize(1);
    }

    @Test
    void unreachable_servers_are_retried_and_a_new_address_is_tried_at_once() throws Exception {
        broker.connectOutcome = protocol -> new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, -1, "refused", null);
        MillwrightDevice device = builder("moved-1")
                .backoff(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .build();
        devices.add(device);
        CompletableFuture<Void> connected = device.connect();
        await().atMost(WAIT).until(() -> broker.created.size() >= 1);

        broker.connectOutcome = protocol -> null;
        device.updateServer("mqtt://127.0.0.1:2");
        connected.get(10, TimeUnit.SECONDS);
        assertThat(broker.last().settings.server().port()).isEqualTo(2);
    }

    @Test
    void disconnect_for_goes_offline_then_reconnects_and_delivers_what_was_buffered() throws Exception {
        MillwrightDevice device = start(builder("nap-1"));
        device.disconnectFor(Duration.ofMillis(300));
        await().atMost(WAIT).until(() -> !device.isConnected());
        CompletableFuture<Void> ack = device.sendTelemetry(Map.of("n", 0));
        ack.get(10, TimeUnit.SECONDS);
        assertThat(device.isConnected()).isTrue();
        assertThat(broker.created).hasSize(2);
        assertThat(broker.created.get(0).closed).isTrue();
    }

    @Test
    void close_fails_what_is_still_waiting() {
        MillwrightDevice device = builder("gone-1").build();
        CompletableFuture<Void> telemetry = device.sendTelemetry(Map.of("n", 1));
        CompletableFuture<Twin> twin = device.twin();
        device.close();
        assertThatThrownBy(() -> telemetry.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(DeviceException.class);
        assertThatThrownBy(() -> twin.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(DeviceException.class);
        assertThatThrownBy(() -> device.sendTelemetry(Map.of("n", 2))).isInstanceOf(IllegalStateException.class);
    }

    private List<JsonNode> results(String name, String commandId) {
        String topic = "devices/" + name + "/commands/" + commandId + "/result";
        return broker.published.stream()
                .filter(p -> p.topic().equals(topic))
                .map(p -> json(p.text()))
                .toList();
    }

    private static List<Integer> range(int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
