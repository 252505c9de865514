package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.device.CreatedDevice;
import io.millwright.core.device.NewDevice;
import io.millwright.core.telemetry.IngestConfig;
import io.millwright.core.telemetry.IngestObserver;
import io.millwright.core.telemetry.ServerClock;
import io.millwright.core.telemetry.StreamConfig;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryLimits;
import io.millwright.core.telemetry.TelemetryParser;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.http.ApiFixture.Response;
import io.millwright.http.testing.GatedTelemetryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a write answers when the ingest is full (429) or the storage fails (503): never a success. */
class TelemetryFailureTest {

    private final GatedTelemetryStore store = new GatedTelemetryStore();
    private TelemetryIngest ingest;
    private TelemetryService telemetry;
    private ApiFixture api;
    private String path;

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        IngestConfig oneQueuedPoint = new IngestConfig(1, 1, Duration.ZERO, 0.8, 0.5, 16);
        ingest = new TelemetryIngest(store, oneQueuedPoint, new ServerClock(clock), IngestObserver.NONE);
        ingest.start();
        api = ApiFixture.start((deviceStore, devices) -> {
            telemetry = new TelemetryService(
                    deviceStore,
                    new TelemetryParser(TelemetryLimits.defaults(), clock),
                    ingest,
                    store,
                    StreamConfig.defaults());
            return List.of(new TelemetryRoutes(telemetry, devices));
        });
        CreatedDevice device = api.devices.create(
                api.auth.authenticate(api.adminToken), new NewDevice("gated-1", null, Map.of(), List.of()));
        path = "/api/v1/" + device.token() + "/telemetry";
    }

    @AfterEach
    void stop() {
        store.open();
        api.close();
        telemetry.close();
        ingest.close();
    }

    @Test
    void a_full_ingest_queue_is_429_and_the_held_write_still_succeeds() throws Exception {
        store.hold();
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(
                () -> api.post(path, null, json("{'a':1}")).status());
        store.awaitAppend();

        Response refused = api.post(path, null, json("{'a':2}"));

        refused.assertProblem(429);
        assertThat(held).isNotDone();
        store.open();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    @Test
    void a_storage_failure_is_503_with_a_useful_detail() {
        store.failWith(new IllegalStateException("disk I/O error"));

        Response r = api.post(path, null, json("{'a':1}"));

        assertThat(r.assertProblem(503).get("detail").asText()).contains("nothing of this request was stored");
    }
}
