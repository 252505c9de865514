package io.millwright.bench.broker;

import io.millwright.bench.BenchMain.Suite;
import io.millwright.bench.report.Machine;
import io.millwright.bench.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker benchmark: Millwright and Mosquitto, each in its own process, driven by the same load generator with
 * the same scenarios in alternation (A, B, A, B...), so drift of the shared machine hits both alike.
 */
public final class BrokerBenchmark {

    private final Path serverJar;
    private final String mosquitto;
    private final Suite suite;
    private final Machine machine;

    public BrokerBenchmark(Path serverJar, String mosquitto, Suite suite, Machine machine) {
        this.serverJar = serverJar;
        this.mosquitto = mosquitto;
        this.suite = suite;
        this.machine = machine;
    }

    /** Idle connections measured: 1k and 5k (quick), up to the most the open-file limit allows (full). */
    private List<Integer> idleSteps(boolean full) {
        int most = machine.maxConnections(50_000);
        List<Integer> steps = new ArrayList<>();
        for (int n : full ? List.of(1_000, 5_000, 10_000) : List.of(1_000, 5_000)) {
            if (n < most) {
                steps.add(n);
            }
        }
        if (full || steps.isEmpty()) {
            steps.add(Math.min(most, full ? 50_000 : 5_000));
        }
        return steps;
    }

    private static void idleCurve(
            BrokerProcess broker, String sourceAddress, List<Integer> steps, List<IdleConnections.Result> into)
            throws InterruptedException {
        try (IdleConnections idle = new IdleConnections(broker, sourceAddress)) {
            for (int n : steps) {
                IdleConnections.Result r = idle.growTo(n);
                into.add(r);
                System.out.printf(
                        "idle %-10s %,6d of %,6d connections: RSS growth %,6d B/connection, live heap %,6d"
                                + " B/connection%n",
                        r.broker(),
                        r.connections(),
                        r.attempted(),
                        r.rssBytesPerConnection(),
                        r.heapBytesPerConnection());
            }
        }
    }

    /**
     * Runs every scenario once, briefly and unmeasured, against the JVM broker: its hot paths are interpreted until the
     * JIT compiles them, which takes longer than a scenario's own warm-up on a loaded 2-core machine, so without this
     * the first scenarios would measure the compiler rather than the broker. Mosquitto, native code, needs none.
     */
    private static void warmUp(BrokerProcess broker, List<Scenario> scenarios) throws InterruptedException {
        for (Scenario s : scenarios) {
            Scenario brief = new Scenario(
                    s.name() + " (JIT warm-up)",
                    s.publishers(),
                    s.subscribers(),
                    s.shape(),
                    s.qos(),
                    s.payloadBytes(),
                    s.window(),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(1));
            new MqttLoad("127.0.0.1", broker.mqttPort()).run(broker, brief);
        }
    }

    public void run(Report report) throws InterruptedException {
        if (!Files.isExecutable(Path.of(mosquitto))) {
            report.note("Broker benchmark skipped: no Mosquitto at " + mosquitto
                    + " (install the Debian package `mosquitto`).");
            return;
        }
        boolean full = suite == Suite.FULL;
        Duration warmup = Duration.ofSeconds(full ? 5 : 1);
        Duration measure = Duration.ofSeconds(full ? 20 : 3);
        int clients = full ? 100 : 50;
        List<Scenario> scenarios = new ArrayList<>();
        for (int qos = 0; qos <= 1; qos++) {
            int window = qos == 0 ? 64 : 32;
            scenarios.add(new Scenario(
                    "fan-in QoS " + qos, clients, 1, Scenario.Shape.FAN_IN, qos, 64, window, warmup, measure));
            scenarios.add(new Scenario(
                    "fan-out QoS " + qos, 1, clients, Scenario.Shape.FAN_OUT, qos, 64, window, warmup, measure));
            scenarios.add(new Scenario(
                    "point-to-point QoS " + qos,
                    clients,
                    clients,
                    Scenario.Shape.POINT_TO_POINT,
                    qos,
                    64,
                    window,
                    warmup,
                    measure));
        }

        List<LoadResult[]> pairs = new ArrayList<>();
        try (BrokerProcess baseline = BrokerProcess.mosquitto(mosquitto);
                BrokerProcess subject = BrokerProcess.millwright(serverJar, List.of("-Xmx1g"))) {
            warmUp(subject, scenarios);
            for (Scenario scenario : scenarios) {
                LoadResult base = new MqttLoad("127.0.0.1", baseline.mqttPort()).run(baseline, scenario);
                LoadResult ours = new MqttLoad("127.0.0.1", subject.mqttPort()).run(subject, scenario);
                pairs.add(new LoadResult[] {ours, base});
                System.out.printf(
                        "%-22s Millwright %,10.0f msg/s p99 %,7d us | Mosquitto %,10.0f msg/s p99 %,7d us%n",
                        scenario.name(),
                        ours.deliveriesPerSecond(),
                        ours.p99Micros(),
                        base.deliveriesPerSecond(),
                        base.p99Micros());
            }
        }
        report.brokerThroughput(pairs);

        List<Integer> steps = idleSteps(full);
        List<IdleConnections.Result> ours = new ArrayList<>();
        List<IdleConnections.Result> base = new ArrayList<>();
        // A fixed, pre-touched heap: the resident memory then grows only outside the heap, which is measured apart.
        try (BrokerProcess baseline = BrokerProcess.mosquitto(mosquitto);
                BrokerProcess subject =
                        BrokerProcess.millwright(serverJar, List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"))) {
            idleCurve(baseline, "127.0.0.2", steps, base);
            idleCurve(subject, "127.0.0.3", steps, ours);
        }
        report.idleConnections(ours, base, machine);
    }
}
