package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.FaultClients;
import io.millwright.testkit.FaultDevice;
import io.millwright.testkit.ServerProcess;
import io.millwright.testkit.TelemetryLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost when the server is killed with SIGKILL mid-write: the server runs as its own process
 * ({@link ServerProcess}), is killed while clients are writing, and is started again on the same data directory.
 *
 * <p>Acknowledged means: a telemetry message got its PUBACK (the point is committed), a command POST got 202, a QoS 1
 * publish to an offline persistent session got its PUBACK. Messages in flight at the kill may or may not be stored;
 * that is allowed and reported. The long form ({@code -Dmillwright.fault.long=true}) runs more devices and repeated
 * kills on the same data directory. Results are described in {@code docs/reliability.md}.
 */
class CrashRecoveryIT {

    private static final Logger LOG = Logger.getLogger(CrashRecoveryIT.class.getName());
    private static final String LONG = "millwright.fault.long";
    /** Device timestamps start an hour back, so the largest run stays in the past (no future-skew refusal). */
    private static final long BASE_TS =
            System.currentTimeMillis() - Duration.ofHours(1).toMillis();

    /** One telemetry kill: after how many PUBACKs in total the server is killed, publishes in flight per device. */
    private record Load(int acksBeforeKill, int inflightPerDevice) {}

    @Test
    void every_acknowledged_telemetry_point_survives_a_kill_9_exactly_once() {
        try (ServerProcess server = ServerProcess.start()) {
            TelemetryLedger ledger = new TelemetryLedger(BASE_TS, FaultDevice.create(server, "crash-t", 20));

            writeUntilKilled(server, ledger, new Load(3_000, 16));
            server.restart();

            assertNothingAcknowledgedIsLost(server, ledger, 1);
        }
    }

    @Test
    void every_accepted_command_survives_a_kill_9_queued_and_is_delivered_in_order() throws Exception {
        acceptedCommandsSurvive(1, 20);
    }

    @Test
    void every_message_acknowledged_for_an_offline_persistent_session_is_delivered_after_a_kill_9() throws Exception {
        acknowledgedSessionMessagesSurvive(1, 500);
    }

    @Test
    void long_form_repeated_kills_under_load_lose_no_telemetry() {
        assumeLongForm("100 devices, 5 kills on one data directory");
        try (ServerProcess server = ServerProcess.start()) {
            TelemetryLedger ledger = new TelemetryLedger(BASE_TS, FaultDevice.create(server, "crash-long", 100));
            for (int round = 1; round <= 5; round++) {
                writeUntilKilled(server, ledger, new Load(20_000, 16));
                server.restart();
                assertNothingAcknowledgedIsLost(server, ledger, round);
            }
        }
    }

    @Test
    void long_form_repeated_kills_lose_no_accepted_command() throws Exception {
        assumeLongForm("5 kills with command POSTs in flight");
        acceptedCommandsSurvive(5, 100);
    }

    @Test
    void long_form_repeated_kills_lose_no_message_of_an_offline_session() throws Exception {
        assumeLongForm("5 kills with publishes in flight to an offline session");
        acknowledgedSessionMessagesSurvive(5, 2_000);
    }

    private static void assumeLongForm(String what) {
        Assumptions.assumeTrue(
                Boolean.getBoolean(LONG), "long form skipped: run it with -D" + LONG + "=true (" + what + ")");
    }

    // ---------------------------------------------------------------- commands

    /**
     * {@code kills} times: a client posts commands back to back for a device that never connected, and once {@code
     * perRound} more were answered 202 the server is killed with a POST in flight and started again. Then every
     * accepted command is QUEUED and is delivered, first and in creation order, when the device subscribes.
     */
    private static void acceptedCommandsSurvive(int kills, int perRound) throws InterruptedException {
        try (ServerProcess server = ServerProcess.start()) {
            FaultDevice device = FaultDevice.create(server, "crash-cmd", 1).get(0);
            List<String> accepted = new CopyOnWriteArrayList<>();
            for (int round = 0; round < kills; round++) {
                postCommandsUntilKilled(server, device, accepted, accepted.size() + perRound);
                server.restart();
            }

            ApiClient again = server.api().loginAsAdmin();
            for (String id : accepted) {
                ApiClient.Response command = again.get("/api/v1/devices/" + device.id() + "/commands/" + id);
                assertThat(command.status())
                        .as("accepted command %s after the kill", id)
                        .isEqualTo(200);
                assertThat(command.json().path("status").asText())
                        .as("accepted command %s after the kill", id)
                        .isEqualTo("QUEUED");
            }

            List<String> delivered = new CopyOnWriteArrayList<>();
            Mqtt5BlockingClient client = FaultClients.v5(server, device.name() + "-1");
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> {
                String topic = p.getTopic().toString();
                delivered.add(topic.substring(topic.lastIndexOf('/') + 1));
            });
            FaultClients.connect(client, device, true, 0);
            client.subscribeWith()
                    .topicFilter("devices/" + device.name() + "/commands/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.containsAll(accepted));
            // a command the server committed while its 202 was lost to a kill is delivered too (allowed)
            List<String> deliveredAccepted =
                    delivered.stream().filter(accepted::contains).toList();
            assertThat(deliveredAccepted)
                    .as("the accepted commands, in creation order")
                    .containsExactlyElementsOf(accepted);
            LOG.info(() -> String.format(
                    "commands: kills %d, accepted %d, QUEUED after the kills %d, acknowledged-but-missing 0, "
                            + "delivered in order %d, delivered without a 202 %d",
                    kills,
                    accepted.size(),
                    accepted.size(),
                    deliveredAccepted.size(),
                    delivered.size() - deliveredAccepted.size()));
            client.disconnect();
        }
    }

    /** Posts commands from one client until {@code accepted} holds {@code target} ids, then kills the server. */
    private static void postCommandsUntilKilled(
            ServerProcess server, FaultDevice device, List<String> accepted, int target) throws InterruptedException {
        ApiClient admin = server.api().loginAsAdmin();
        AtomicBoolean refused = new AtomicBoolean();
        int first = accepted.size();
        Thread poster = new Thread(
                () -> {
                    for (int i = first; ; i++) {
                        ApiClient.Response created;
                        try {
                            created = admin.post(
                                    "/api/v1/devices/" + device.id() + "/commands", Map.of("method", "step-" + i));
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                        if (created.status() != 202) {
                            refused.set(true);
                            return;
                        }
                        accepted.add(created.json().path("id").asText());
                    }
                },
                "crash-command-poster");
        poster.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= target || !poster.isAlive());
        server.kill();
        poster.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(refused)
                .as("a command POST answered other than 202 before the kill")
                .isFalse();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(target);
    }

    // ---------------------------------------------------------------- persistent session

    /**
     * A device subscribes with a persistent session and goes offline; {@code kills} times an application publishes
     * QoS 1 to its topic and the server is killed once {@code acksPerRound} more PUBACKs arrived. Then the device
     * reconnects with clean start false and receives every acknowledged message.
     */
    private static void acknowledgedSessionMessagesSurvive(int kills, int acksPerRound) throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            FaultDevice subscriber = FaultDevice.create(server, "crash-sub", 1).get(0);
            String topic = "devices/" + subscriber.name() + "/inbox";
            String appToken = server.api()
                    .loginAsAdmin()
                    .post("/api/v1/tokens", Map.of("name", "crash-app"))
                    .json()
                    .path("token")
                    .asText();

            Mqtt5BlockingClient sub = FaultClients.v5(server, "crash-sub-session");
            FaultClients.connect(sub, subscriber, true, 3600);
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            sub.disconnect();

            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger published = new AtomicInteger();
            for (int round = 0; round < kills; round++) {
                publishUntilKilled(server, appToken, topic, published, acked, acked.size() + acksPerRound);
                server.restart();
            }

            Set<Integer> received = ConcurrentHashMap.newKeySet();
            AtomicInteger deliveries = new AtomicInteger();
            Mqtt5BlockingClient again = FaultClients.v5(server, "crash-sub-session");
            again.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> {
                deliveries.incrementAndGet();
                received.add(Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            });
            assertThat(FaultClients.connect(again, subscriber, false, 3600).isSessionPresent())
                    .as("the persistent session survived the kill")
                    .isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> received.containsAll(acked));
            Set<Integer> missing = new TreeSet<>(acked);
            missing.removeAll(received);
            Set<Integer> unacknowledgedDelivered = new TreeSet<>(received);
            unacknowledgedDelivered.removeAll(acked);
            LOG.info(() -> String.format(
                    "persistent session: kills %d, published %d, acknowledged %d, acknowledged-but-missing %d, "
                            + "unacknowledged delivered anyway %d, deliveries %d",
                    kills,
                    published.get(),
                    acked.size(),
                    missing.size(),
                    unacknowledgedDelivered.size(),
                    deliveries.get()));
            assertThat(missing).as("acknowledged but not delivered").isEmpty();
            assertThat(received).as("only messages that were sent").allMatch(n -> n < published.get());
            again.disconnect();
        }
    }

    /**
     * Publishes QoS 1 messages numbered from {@code published}, at most 32 unacknowledged, and kills the server from
     * the publishing thread once {@code acked} holds {@code target} messages: the server dies with publishes in flight.
     */
    private static void publishUntilKilled(
            ServerProcess server,
            String appToken,
            String topic,
            AtomicInteger published,
            Set<Integer> acked,
            int target)
            throws Exception {
        Mqtt5AsyncClient app = FaultClients.v5(server, "crash-app-1").toAsync();
        app.connectWith()
                .cleanStart(true)
                .simpleAuth()
                .username("admin")
                .password(appToken.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .get(10, TimeUnit.SECONDS);
        AtomicInteger pending = new AtomicInteger();
        Semaphore window = new Semaphore(32);
        boolean killed = false;
        while (!killed) {
            window.acquire();
            assertThat(app.getState().isConnected())
                    .as("the publisher is connected until the kill")
                    .isTrue();
            int message = published.getAndIncrement();
            pending.incrementAndGet();
            app.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(message).getBytes(StandardCharsets.UTF_8))
                    .send()
                    .whenComplete((result, error) -> {
                        if (FaultClients.isSuccess(result, error)) {
                            acked.add(message);
                        }
                        pending.decrementAndGet();
                        window.release();
                    });
            if (acked.size() >= target) {
                server.kill();
                killed = true;
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> pending.get() == 0);
    }

    // ---------------------------------------------------------------- telemetry load and verification

    /**
     * Each device publishes {@code {"ts": BASE_TS + seq, "values": {"seq": seq}}} with QoS 1, at most {@code
     * inflightPerDevice} unacknowledged at a time, until the server is killed (once {@code acksBeforeKill} PUBACKs
     * arrived in this round); returns when every publish has settled (acknowledged or failed with the connection).
     */
    private static void writeUntilKilled(ServerProcess server, TelemetryLedger ledger, Load load) {
        AtomicInteger roundAcks = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pending = new AtomicInteger();
        Queue<Throwable> loopErrors = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        for (FaultDevice device : ledger.devices()) {
            TelemetryLedger.Entry entry = ledger.of(device);
            Mqtt5BlockingClient blocking = FaultClients.v5(server, device.name() + "-writer");
            FaultClients.connect(blocking, device, true, 0);
            Mqtt5AsyncClient client = blocking.toAsync();
            clients.add(client);
            Semaphore window = new Semaphore(load.inflightPerDevice());
            Thread writer = new Thread(
                    () -> {
                        try {
                            while (!stop.get()) {
                                if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                                    continue;
                                }
                                long seq = entry.next();
                                pending.incrementAndGet();
                                String payload = ledger.payload(seq, 0);
                                client.publishWith()
                                        .topic("devices/" + device.name() + "/telemetry")
                                        .qos(MqttQos.AT_LEAST_ONCE)
                                        .payload(payload.getBytes(StandardCharsets.UTF_8))
                                        .send()
                                        .whenComplete((result, error) -> {
                                            if (FaultClients.isSuccess(result, error)) {
                                                entry.acked(seq);
                                                roundAcks.incrementAndGet();
                                            }
                                            pending.decrementAndGet();
                                            window.release();
                                        });
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            loopErrors.add(e);
                        }
                    },
                    "crash-writer-" + device.name());
            writers.add(writer);
        }
        writers.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> roundAcks.get() >= load.acksBeforeKill());
        server.kill(); // mid-write: every writer has publishes in flight
        stop.set(true);
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> pending.get() == 0);
        assertThat(loopErrors).as("writer errors").isEmpty();
        clients.forEach(c -> c.disconnect().exceptionally(e -> null));
    }

    /**
     * Reads every device's points back and checks them against the ledger: each acknowledged seq is stored exactly
     * once with its own timestamp, nothing is stored twice, nothing is stored that was never sent.
     */
    private static void assertNothingAcknowledgedIsLost(ServerProcess server, TelemetryLedger ledger, int round) {
        TelemetryLedger.Audit audit = ledger.audit(server.api().loginAsAdmin());
        String summary = "telemetry round " + round + ": " + audit.summary();
        LOG.info(summary);
        assertThat(audit.missing())
                .as(summary + "; first missing: " + audit.firstMissing())
                .isZero();
        assertThat(audit.duplicates()).as(summary).isZero();
        assertThat(audit.phantom()).as(summary).isZero();
    }
}
