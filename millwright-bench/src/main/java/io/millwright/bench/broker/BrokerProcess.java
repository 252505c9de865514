package io.millwright.bench.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker under test, running as its own operating-system process so that every broker is measured the same way
 * (its own CPU and memory accounting, no shared heap with the load generator).
 */
public final class BrokerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int mqttPort;
    private final int httpPort;
    private final Path workDir;

    private BrokerProcess(String name, Process process, int mqttPort, int httpPort, Path workDir) {
        this.name = name;
        this.process = process;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.workDir = workDir;
    }

    /**
     * Starts Millwright from its built jar with anonymous MQTT access (as the interoperability suite uses it) and
     * waits for its ready line, which names the bound MQTT port.
     */
    public static BrokerProcess millwright(Path serverJar, List<String> jvmArgs) {
        return millwright(serverJar, jvmArgs, "", "mqtt:\n  allow-anonymous: true\n  max-queued-messages: 100000\n");
    }

    /**
     * Starts Millwright from its built jar and waits for its ready line, which names the bound HTTP and MQTT ports.
     * Both listen on 127.0.0.1 with ephemeral ports, WebSocket off, no publish rate limit; the admin password is
     * {@code bench-password-1}.
     *
     * @param topLevelYaml extra top-level YAML blocks (e.g. {@code storage:}), each line ending in a newline
     * @param mqttYaml an {@code mqtt:} block whose keys are added to the fixed ones, or empty
     */
    public static BrokerProcess millwright(Path serverJar, List<String> jvmArgs, String topLevelYaml, String mqttYaml) {
        Path dir = tempDir("millwright-bench-");
        Path config = dir.resolve("millwright.yaml");
        String mqttExtra = mqttYaml.replaceFirst("^mqtt:\n", "");
        write(
                config,
                "data-dir: " + dir.resolve("data") + "\n"
                        + "http:\n  host: 127.0.0.1\n  port: 0\n"
                        + "mqtt:\n  host: 127.0.0.1\n  port: 0\n  ws-port: -1\n  max-publish-rate: 0\n"
                        + mqttExtra
                        + topLevelYaml);
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", serverJar.toString(), "start", "--config", config.toString()));
        Process process = start(command, dir, "ADMIN_PASSWORD=bench-password-1");
        Matcher ready =
                awaitReady(process, dir.resolve("broker.log"), Pattern.compile("ready.*http=(\\d+).*mqtt=(\\d+)"));
        return new BrokerProcess(
                "Millwright", process, Integer.parseInt(ready.group(2)), Integer.parseInt(ready.group(1)), dir);
    }

    /** Starts Mosquitto on a free port with anonymous access and no persistence. */
    public static BrokerProcess mosquitto(String executable) {
        Path dir = tempDir("mosquitto-bench-");
        int port = FreePort.find();
        Path config = dir.resolve("mosquitto.conf");
        write(
                config,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + "max_inflight_messages 32\nmax_queued_messages 100000\nlog_type error\nset_tcp_nodelay true\n");
        Process process = start(List.of(executable, "-c", config.toString()), dir, null);
        FreePort.awaitListening("127.0.0.1", port, process, Duration.ofSeconds(20));
        return new BrokerProcess("Mosquitto", process, port, -1, dir);
    }

    public String name() {
        return name;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The HTTP port (Millwright only; -1 for other brokers). */
    public int httpPort() {
        return httpPort;
    }

    /** Millwright's data directory (it does not exist for other brokers). */
    public Path dataDir() {
        return workDir.resolve("data");
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size of the broker process in bytes, from {@code /proc}. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    /** CPU time (user + system) the broker has used so far, in nanoseconds. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Stops the process gracefully (SIGTERM, then SIGKILL after 20 s) and keeps its files; idempotent. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private static Process start(List<String> command, Path dir, String env) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile());
        if (env != null) {
            String[] kv = env.split("=", 2);
            builder.environment().put("MILLWRIGHT_" + kv[0], kv[1]);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static Matcher awaitReady(Process process, Path log, Pattern ready) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                String text = Files.exists(log) ? Files.readString(log) : "";
                Matcher m = ready.matcher(text);
                if (m.find()) {
                    return m;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited during start-up:\n" + text);
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no ready line from the broker within 120 s");
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
