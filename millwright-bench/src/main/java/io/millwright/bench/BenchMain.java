package io.millwright.bench;

import io.millwright.bench.broker.BrokerBenchmark;
import io.millwright.bench.platform.CommandBenchmark;
import io.millwright.bench.platform.IngestBenchmark;
import io.millwright.bench.report.Machine;
import io.millwright.bench.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark suite: {@code ./millwright bench --suite quick|full}. Every figure is reported beside a baseline
 * measured in the same run (Mosquitto for the broker, the raw SQLite insert ceiling for ingest), because the
 * machines are shared and noisy. Writes the Markdown report and its PNG charts.
 */
@Command(name = "millwright bench", mixinStandardHelpOptions = true, description = "Run the benchmark suite.")
public final class BenchMain implements Callable<Integer> {

    /** How long and how large. */
    public enum Suite {
        QUICK,
        FULL
    }

    @Option(names = "--suite", defaultValue = "QUICK", description = "quick (under 3 minutes) or full.")
    Suite suite;

    @Option(names = "--out", defaultValue = "docs/benchmarks.md", description = "Markdown report to write.")
    Path out;

    @Option(
            names = "--server-jar",
            defaultValue = "millwright-server/target/millwright-server.jar",
            description = "The built server jar.")
    Path serverJar;

    @Option(names = "--mosquitto", defaultValue = "/usr/sbin/mosquitto", description = "Mosquitto executable.")
    String mosquitto;

    @Option(names = "--only", split = ",", description = "Run only these benchmarks: broker, ingest, commands.")
    List<String> only = List.of();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(serverJar)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "no server jar at " + serverJar + "; build it with ./millwright version");
        }
        Machine machine = Machine.detect();
        long start = System.nanoTime();
        Report report = new Report(suite.name().toLowerCase(java.util.Locale.ROOT), machine);
        if (only.isEmpty() || only.contains("broker")) {
            timed(
                    "broker",
                    () -> new BrokerBenchmark(serverJar.toAbsolutePath(), mosquitto, suite, machine).run(report));
        }
        if (only.isEmpty() || only.contains("ingest")) {
            timed("ingest", () -> new IngestBenchmark(serverJar.toAbsolutePath(), suite, machine).run(report));
        }
        if (only.isEmpty() || only.contains("commands")) {
            timed("commands", () -> new CommandBenchmark(serverJar.toAbsolutePath(), suite).run(report));
        }
        report.write(out);
        System.out.printf(
                java.util.Locale.ROOT,
                "wrote %s and its charts in %.0f s%n",
                out.toAbsolutePath(),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** One benchmark of the suite. */
    private interface Part {
        void run() throws InterruptedException;
    }

    private static void timed(String name, Part part) throws InterruptedException {
        long start = System.nanoTime();
        part.run();
        System.out.printf(java.util.Locale.ROOT, "%s: done in %.0f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }
}
