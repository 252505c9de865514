package io.millwright.bench.broker;

import io.millwright.bench.BenchMain.Suite;
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

    public BrokerBenchmark(Path serverJar, String mosquitto, Suite suite) {
        this.serverJar = serverJar;
        this.mosquitto = mosquitto;
        this.suite = suite;
    }

    public void run(Report report) throws InterruptedException {
        if (!Files.isExecutable(Path.of(mosquitto))) {
            report.note("Broker benchmark skipped: no Mosquitto at " + mosquitto
                    + " (install the Debian package `mosquitto`).");
            return;
        }
        boolean full = suite == Suite.FULL;
        Duration warmup = Duration.ofSeconds(full ? 5 : 2);
        Duration measure = Duration.ofSeconds(full ? 30 : 5);
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

        int idle = full ? 19_000 : 5_000;
        try (BrokerProcess baseline = BrokerProcess.mosquitto(mosquitto);
                BrokerProcess subject = BrokerProcess.millwright(serverJar, List.of("-Xmx1g"))) {
            IdleConnections.Result base = new IdleConnections("127.0.0.1", baseline.mqttPort()).run(baseline, idle);
            IdleConnections.Result ours = new IdleConnections("127.0.0.1", subject.mqttPort()).run(subject, idle);
            report.idleConnections(ours, base);
        }
    }
}
