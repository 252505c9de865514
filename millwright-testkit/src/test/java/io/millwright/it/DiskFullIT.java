package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.testkit.ApiClient;
import io.millwright.testkit.FaultDevice;
import io.millwright.testkit.LedgerPublisher;
import io.millwright.testkit.ServerProcess;
import io.millwright.testkit.SmallFilesystem;
import io.millwright.testkit.TelemetryLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The disk fills up under the database while devices write: the server refuses what it cannot store, clearly, stays
 * up, and takes writes again once space is back, with nothing acknowledged lost and the database intact.
 *
 * <p>The data directory is a small tmpfs ({@link SmallFilesystem}, needs root; skipped otherwise). A filler file takes
 * all but a little of its space while a device publishes QoS 1 telemetry over MQTT 5 and another writes over HTTP;
 * the filler is then deleted. Results are described in {@code docs/reliability.md}.
 */
class DiskFullIT {

    private static final Logger LOG = Logger.getLogger(DiskFullIT.class.getName());
    private static final long BASE_TS =
            System.currentTimeMillis() - Duration.ofHours(1).toMillis();

    @Test
    void a_full_disk_refuses_writes_keeps_serving_and_recovers_without_loss_or_corruption() throws Exception {
        Optional<SmallFilesystem> mounted = SmallFilesystem.mount(24);
        Assumptions.assumeTrue(
                mounted.isPresent(),
                "disk-full test skipped: needs root to mount a size-limited tmpfs (" + SmallFilesystem.whyNot() + ")");
        try (SmallFilesystem disk = mounted.get()) {
            Path data = disk.dir().resolve("data");
            try (ServerProcess server = ServerProcess.builder()
                    .heap("256m")
                    .dataDir(data)
                    .setting("telemetry.ingest.max-batch-points", "200")
                    .start()) {
                fillAndRecover(server, disk);
                server.stop();
                assertThat(server.log()).content().doesNotContain("Exception in thread");
            }
            assertThat(integrityCheck(data.resolve("millwright.db")))
                    .as("PRAGMA integrity_check after the disk was full")
                    .containsExactly("ok");
        }
    }

    private static void fillAndRecover(ServerProcess server, SmallFilesystem disk) throws Exception {
        List<FaultDevice> devices = FaultDevice.create(server, "disk", 2);
        FaultDevice mqttDevice = devices.get(0);
        FaultDevice httpDevice = devices.get(1);
        TelemetryLedger ledger = new TelemetryLedger(BASE_TS, devices);
        ApiClient admin = server.api().loginAsAdmin();
        ApiClient http = server.api();

        try (LedgerPublisher publisher = LedgerPublisher.connect(server, ledger, mqttDevice, "disk-mqtt", 8, 40)) {
            for (int i = 0; i < 200; i++) {
                publisher.publish();
            }
            assertThat(publisher.stop(Duration.ofSeconds(60))).isTrue();
            assertThat(publisher.count("SUCCESS")).as("before the disk is full").isEqualTo(200);
            assertThat(httpWrite(http, ledger, httpDevice).status()).isEqualTo(200);

            disk.fill(256 * 1024);
            long freeWhenFilled = disk.freeBytes();
            publisher.start(0);
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ledger.of(mqttDevice).refusedCount() >= 50);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "no refusals with the disk full: outcomes " + publisher.outcomes() + ", free "
                                + disk.freeBytes() + " bytes, connected " + publisher.isConnected(),
                        e);
            }
            assertThat(publisher.stop(Duration.ofSeconds(60))).isTrue();
            Map<String, Long> whileFull = publisher.outcomes();
            assertThat(publisher.isConnected())
                    .as("the MQTT connection survives refusals")
                    .isTrue();

            ApiClient.Response refused = httpWrite(http, ledger, httpDevice);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(server.api().get("/healthz").status()).isEqualTo(200);
            ApiClient.Response notReady = server.api().get("/readyz");
            assertThat(notReady.status()).as("readiness while writes fail").isEqualTo(503);
            assertThat(notReady.json().path("detail").asText()).contains("storage writes are failing");
            ApiClient.Response read = admin.get("/api/v1/devices/" + mqttDevice.id() + "/telemetry/latest");
            assertThat(read.status())
                    .as("reads while the disk is full: " + read.body())
                    .isEqualTo(200);

            disk.release();
            List<LedgerPublisher.Outcome> retries = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        LedgerPublisher.Outcome outcome = publisher.publish().get();
                        retries.add(outcome);
                        return outcome.success();
                    });
            long successBefore = publisher.count("SUCCESS");
            for (int i = 0; i < 200; i++) {
                publisher.publish();
            }
            assertThat(publisher.stop(Duration.ofSeconds(60))).isTrue();
            assertThat(publisher.count("SUCCESS") - successBefore)
                    .as("writes after space came back: " + publisher.outcomes())
                    .isEqualTo(200);
            assertThat(httpWrite(http, ledger, httpDevice).status()).isEqualTo(200);
            assertThat(server.api().get("/readyz").status())
                    .as("ready again once writes commit")
                    .isEqualTo(200);
            assertThat(publisher.loopError()).isEmpty();

            TelemetryLedger.Audit audit = ledger.audit(admin);
            LOG.info(String.format(
                    "disk full: free after filling %d KiB, MQTT outcomes while full %s, HTTP while full %d %s,"
                            + " publishes until the first success after freeing %d; %s",
                    freeWhenFilled / 1024,
                    whileFull,
                    refused.status(),
                    refused.json().path("detail").asText(),
                    retries.size(),
                    audit.summary()));
            assertThat(audit.missing())
                    .as(audit.summary() + " " + audit.firstMissing())
                    .isZero();
            assertThat(audit.duplicates()).as(audit.summary()).isZero();
            assertThat(audit.refusedStored()).as(audit.summary()).isZero();
            assertThat(audit.phantom()).as(audit.summary()).isZero();
        }
    }

    /** One HTTP telemetry write of the device's next message, recorded in the ledger by its answer. */
    private static ApiClient.Response httpWrite(ApiClient http, TelemetryLedger ledger, FaultDevice device) {
        TelemetryLedger.Entry entry = ledger.of(device);
        long seq = entry.next();
        ApiClient.Response response = http.send(
                "POST", "/api/v1/" + device.token() + "/telemetry", "application/json", ledger.payload(seq, 40));
        if (response.status() / 100 == 2) {
            entry.acked(seq);
        } else {
            entry.refused(seq);
        }
        return response;
    }

    private static List<String> integrityCheck(Path db) throws Exception {
        assertThat(db).exists();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
