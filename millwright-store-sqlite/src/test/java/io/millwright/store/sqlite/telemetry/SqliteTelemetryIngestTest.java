package io.millwright.store.sqlite.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.IngestConfig;
import io.millwright.core.telemetry.IngestObserver;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.Sample;
import io.millwright.core.telemetry.ServerClock;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryStorageException;
import io.millwright.core.telemetry.TelemetryValue;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit over the real store: what a completed future promises is readable at that moment. */
class SqliteTelemetryIngestTest {

    @TempDir
    Path dir;

    private SqliteDatabase db;
    private SqliteTelemetryStore store;
    private TelemetryIngest ingest;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(new SqliteConfig(dir.resolve("t.db"), "FULL", 2, 8 * 1024));
        store = SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
        store.start();
        ingest = new TelemetryIngest(
                store, IngestConfig.defaults(), new ServerClock(Clock.systemUTC()), IngestObserver.NONE);
        ingest.start();
    }

    @AfterEach
    void close() {
        ingest.close();
        store.close();
        db.close();
    }

    @Test
    void every_completed_submission_is_readable_when_its_future_completes() throws Exception {
        List<CompletableFuture<Boolean>> readable = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String device = "d" + (i % 7);
            readable.add(ingest.submit(
                            "t",
                            device,
                            List.of(Sample.atServerTime(Map.of("n", new TelemetryValue.LongValue(i)))),
                            true)
                    .thenApply(stored -> isStored(device, stored)));
        }
        for (CompletableFuture<Boolean> future : readable) {
            assertThat(future.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private boolean isStored(String device, DeviceTelemetry stored) {
        TelemetryPoint point = stored.points().get(0);
        long millis = point.timeMillis();
        return store.query("t", device, RawQuery.of(List.of("n"), millis, millis + 1, 100, Order.ASC))
                .items()
                .contains(point);
    }

    @Test
    void a_storage_failure_fails_the_futures_instead_of_acknowledging() {
        db.close();
        CompletableFuture<DeviceTelemetry> future = ingest.submit(
                "t", "d", List.of(Sample.atServerTime(Map.of("n", new TelemetryValue.LongValue(1)))), true);
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TelemetryStorageException.class);
    }
}
