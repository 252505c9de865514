package io.millwright.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millwright.bench.broker.IdleConnections;
import io.millwright.bench.broker.LoadResult;
import io.millwright.bench.broker.Scenario;
import io.millwright.bench.platform.IngestPhase;
import io.millwright.bench.platform.IngestResult;
import io.millwright.bench.platform.SqliteBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartDataTest {

    static LoadResult load(String broker, String scenario, double perSecond, long p50, long p99) {
        Scenario s =
                new Scenario(scenario, 1, 1, Scenario.Shape.FAN_IN, 0, 64, 1, Duration.ZERO, Duration.ofSeconds(1));
        return new LoadResult(broker, s, 10, 10, 0, 0, 10, 10, perSecond, perSecond, p50, p50, p99, p99, 0, 0, 1);
    }

    static IngestResult ingest(int devices, int keys, double acked, long p99, double sqlite, boolean open) {
        IngestPhase closed = new IngestPhase("closed loop", 0, (long) acked, (long) acked, 0, keys, 1, p99 / 2, p99);
        Optional<IngestPhase> openPhase = open
                ? Optional.of(new IngestPhase("open loop", acked / 2, 5, 5, 0, keys, 1, 100, 2_000))
                : Optional.empty();
        return new IngestResult(
                devices,
                keys,
                100,
                closed,
                openPhase,
                10,
                10,
                0,
                java.util.Map.of(),
                16,
                1,
                List.of(),
                new SqliteBaseline.Result(sqlite, 1_000, 4_000),
                1_000,
                100);
    }

    private final List<LoadResult[]> pairs = List.of(
            new LoadResult[] {
                load("Millwright", "fan-in QoS 0", 300, 1_000, 9_000),
                load("Mosquitto", "fan-in QoS 0", 200, 2_000, 3_000)
            },
            new LoadResult[] {
                load("Millwright", "fan-out QoS 1", 50, 500, 700), load("Mosquitto", "fan-out QoS 1", 100, 400, 800)
            });

    @Test
    void brokerThroughputHasOneBarPerScenarioAndBroker() {
        Figure f = ChartData.brokerThroughput(pairs);
        Figure.Panel p = f.panels().get(0);
        assertThat(p.categories()).containsExactly("fan-in QoS 0", "fan-out QoS 1");
        assertThat(p.series()).extracting(Figure.Series::name).containsExactly("Millwright", "Mosquitto");
        assertThat(p.series().get(0).y()).containsExactly(300.0, 50.0);
        assertThat(p.series().get(1).y()).containsExactly(200.0, 100.0);
        assertThat(p.yAxis()).contains("msg/s");
    }

    @Test
    void brokerLatencyIsInMillisecondsP50LeftP99Right() {
        Figure f = ChartData.brokerLatency(pairs);
        assertThat(f.panels()).hasSize(2);
        assertThat(f.panels().get(0).series().get(0).y()).containsExactly(1.0, 0.5);
        assertThat(f.panels().get(1).series().get(1).y()).containsExactly(3.0, 0.8);
        assertThat(f.panels().get(1).yAxis()).contains("(ms)");
    }

    @Test
    void ingestCurvesPlotPointsAndP99AgainstTheVariedQuantity() {
        List<IngestResult> results =
                List.of(ingest(100, 10, 1_000, 8_000, 50_000, true), ingest(1_000, 10, 2_000, 16_000, 40_000, true));
        Figure f = ChartData.ingestByDevices(results);
        Figure.Panel rate = f.panels().get(0);
        assertThat(rate.logX()).isTrue();
        assertThat(rate.series().get(0).x()).containsExactly(100.0, 1_000.0);
        assertThat(rate.series().get(0).y()).containsExactly(10_000.0, 20_000.0);
        assertThat(rate.series().get(1).y()).containsExactly(50_000.0, 40_000.0);
        Figure.Panel latency = f.panels().get(1);
        assertThat(latency.series()).extracting(Figure.Series::name).hasSize(3);
        assertThat(latency.series().get(0).y()).containsExactly(8.0, 16.0);
        assertThat(latency.series().get(1).y()).containsExactly(2.0, 2.0);
        assertThat(latency.series().get(2).y()).containsExactly(4.0, 4.0);
    }

    @Test
    void payloadCurveWithoutOpenLoopsLeavesThatSeriesOut() {
        List<IngestResult> results =
                List.of(ingest(100, 1, 1_000, 8_000, 50_000, false), ingest(100, 200, 100, 16_000, 40_000, true));
        Figure f = ChartData.ingestByPayload(results);
        assertThat(f.panels().get(0).series().get(0).x()).containsExactly(1.0, 200.0);
        assertThat(f.panels().get(0).series().get(0).y()).containsExactly(1_000.0, 20_000.0);
        assertThat(f.panels().get(1).series()).extracting(Figure.Series::name).noneMatch(n -> n.startsWith("open"));
    }

    @Test
    void idleMemoryExtrapolatesMillwrightsHeapDashedTo50000() {
        List<IdleConnections.Result> ours = List.of(
                new IdleConnections.Result("Millwright", 1_000, 1_000, 2_048, 14_000_000, 4_000),
                new IdleConnections.Result("Millwright", 10_000, 10_000, 2_048, 50_000_000, 4_000));
        List<IdleConnections.Result> base =
                List.of(new IdleConnections.Result("Mosquitto", 1_000, 1_000, 1_024, -1, -1));
        Figure f = ChartData.idleMemory(ours, base);
        List<Figure.Series> series = f.panels().get(0).series();
        assertThat(series.get(0).y()).containsExactly(4_000 / 1024.0, 4_000 / 1024.0);
        assertThat(series.get(2).y()).containsExactly(1.0);
        Figure.Series extrapolated = series.get(3);
        assertThat(extrapolated.dashed()).isTrue();
        assertThat(extrapolated.x()).containsExactly(10_000.0, 50_000.0);
        assertThat(extrapolated.y().get(1)).isCloseTo(4_000 / 1024.0, within(1e-9));
        assertThat(ChartData.heapFit(ours).slope()).isCloseTo(4_000, within(1e-6));
    }

    @Test
    void drawsAFigureAsAPng(@TempDir Path dir) throws Exception {
        Figure f = ChartData.brokerLatency(pairs);
        Charts.write(f, dir);
        byte[] png = Files.readAllBytes(dir.resolve("broker-latency.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
}
