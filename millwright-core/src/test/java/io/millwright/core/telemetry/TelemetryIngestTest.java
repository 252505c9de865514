package io.millwright.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.core.error.LimitExceededException;
import io.millwright.core.telemetry.TelemetryValue.LongValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryIngestTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-21T00:00:00Z"), ZoneOffset.UTC);

    private final RecordingTelemetryStore store = new RecordingTelemetryStore();
    private final List<Boolean> saturation = new CopyOnWriteArrayList<>();
    private TelemetryIngest ingest;

    private TelemetryIngest start(IngestConfig config) {
        ingest = new TelemetryIngest(store, config, new ServerClock(CLOCK), new IngestObserver() {
            @Override
            public void saturation(boolean saturated) {
                saturation.add(saturated);
            }
        });
        ingest.start();
        return ingest;
    }

    @AfterEach
    void stop() {
        store.open();
        if (ingest != null) {
            ingest.close();
        }
    }

    private static List<Sample> values(int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(Sample.atServerTime(Map.of("k", new LongValue(i))));
        }
        return samples;
    }

    @Test
    void a_future_completes_only_after_its_batch_is_committed() throws Exception {
        start(IngestConfig.defaults());
        store.close();
        CompletableFuture<DeviceTelemetry> future = ingest.submit("t", "d", values(1), true);
        store.awaitAppend();
        assertThat(future).isNotDone();
        assertThat(store.stored()).isEmpty();

        store.open();
        DeviceTelemetry committed = future.get(10, TimeUnit.SECONDS);
        assertThat(store.stored()).containsExactly(committed);
        assertThat(ingest.stats().committedPoints()).isEqualTo(1);
    }

    @Test
    void a_failing_store_fails_every_future_of_the_batch() {
        start(IngestConfig.defaults());
        store.failWith(new IllegalStateException("disk full"));
        CompletableFuture<DeviceTelemetry> first = ingest.submit("t", "a", values(2), true);
        CompletableFuture<DeviceTelemetry> second = ingest.submit("t", "b", values(1), false);

        for (CompletableFuture<DeviceTelemetry> future : List.of(first, second)) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TelemetryStorageException.class)
                    .hasMessageContaining("disk full");
        }
        await().untilAsserted(() -> assertThat(ingest.stats().failedPoints()).isEqualTo(3));
        assertThat(ingest.stats().committedPoints()).isZero();
    }

    @Test
    void qos0_submissions_are_dropped_and_counted_while_saturated_and_durable_ones_refused_when_full()
            throws Exception {
        start(new IngestConfig(100, 1000, Duration.ZERO, 0.5, 0.2, 16));
        store.close();
        CompletableFuture<DeviceTelemetry> held = ingest.submit("t", "d", values(10), true);
        store.awaitAppend();
        CompletableFuture<DeviceTelemetry> queued = ingest.submit("t", "d", values(50), true);
        assertThat(ingest.isSaturated()).isTrue();

        CompletableFuture<DeviceTelemetry> dropped = ingest.submit("t", "d", values(5), false);
        CompletableFuture<DeviceTelemetry> refused = ingest.submit("t", "d", values(45), true);

        assertThat(dropped).isCompletedExceptionally();
        assertThatThrownBy(refused::join)
                .cause()
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.kind()).isEqualTo(LimitExceededException.Kind.QUOTA));
        assertThat(ingest.stats().droppedPoints()).isEqualTo(5);
        assertThat(ingest.stats().rejectedPoints()).isEqualTo(45);

        store.open();
        held.get(10, TimeUnit.SECONDS);
        queued.get(10, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(ingest.isSaturated()).isFalse());
        assertThat(saturation).containsExactly(true, false);
        assertThat(ingest.submit("t", "d", values(1), false).get(10, TimeUnit.SECONDS))
                .isNotNull();
    }

    @Test
    void submissions_are_committed_in_order_with_increasing_server_times() throws Exception {
        start(new IngestConfig(100_000, 7, Duration.ofMillis(1), 0.8, 0.5, 1024));
        List<CompletableFuture<DeviceTelemetry>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(ingest.submit("t", "d", List.of(Sample.atServerTime(Map.of("n", new LongValue(i)))), true));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        List<TelemetryPoint> stored =
                store.stored().stream().flatMap(t -> t.points().stream()).toList();
        assertThat(stored)
                .extracting(p -> ((LongValue) p.value()).value())
                .isSorted()
                .hasSize(200);
        assertThat(stored).extracting(TelemetryPoint::timeMicros).isSorted().doesNotHaveDuplicates();
        assertThat(store.appends()).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(7));
        assertThat(store.appends().size()).isLessThan(200);
    }

    @Test
    void device_times_become_microseconds_and_server_times_are_assigned_per_sample() throws Exception {
        start(IngestConfig.defaults());
        DeviceTelemetry stored = ingest.submit(
                        "t",
                        "d",
                        List.of(
                                Sample.at(1_000, Map.of("a", new LongValue(1))),
                                Sample.atServerTime(Map.of("a", new LongValue(2), "b", new LongValue(3))),
                                Sample.atServerTime(Map.of("a", new LongValue(4)))),
                        true)
                .get(10, TimeUnit.SECONDS);
        long now = CLOCK.millis() * 1000;
        assertThat(stored.points())
                .extracting(TelemetryPoint::timeMicros)
                .containsExactly(1_000_000L, now, now, now + 1);
    }

    @Test
    void listeners_hear_about_committed_telemetry() throws Exception {
        start(IngestConfig.defaults());
        List<DeviceTelemetry> heard = new CopyOnWriteArrayList<>();
        ingest.addListener(heard::add);
        DeviceTelemetry committed = ingest.submit("t", "d", values(3), true).get(10, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(heard).containsExactly(committed));
    }

    @Test
    void close_commits_what_is_queued_and_refuses_later_submissions() throws Exception {
        start(IngestConfig.defaults());
        store.close();
        CompletableFuture<DeviceTelemetry> first = ingest.submit("t", "d", values(1), true);
        store.awaitAppend();
        CompletableFuture<DeviceTelemetry> second = ingest.submit("t", "d", values(1), true);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(ingest::close);
        await().until(() -> ingest.submit("t", "d", values(1), true).isCompletedExceptionally());
        store.open();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(first).isCompleted();
        assertThat(second.get(10, TimeUnit.SECONDS).points()).hasSize(1);
        assertThat(store.stored()).hasSize(2);
    }
}
