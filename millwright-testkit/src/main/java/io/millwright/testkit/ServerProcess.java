package io.millwright.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server JAR running as its own operating-system process, so that a test can {@link #kill() kill -9} it and
 * {@link #restart() start it again} on the same data directory: the fault a crash or an OOM killer produces, which an
 * in-process {@link TestPlatform} cannot (its close runs every shutdown path).
 *
 * <p>The server binds ephemeral ports; they are read from its {@code Millwright ready: http=N mqtt=N} log line, which
 * each start writes to its own log file ({@code server-1.log}, {@code server-2.log}, ...) in the work directory.
 * Storage runs with {@code storage.sqlite.synchronous: FULL}.
 */
public final class ServerProcess implements AutoCloseable {

    /** Where the jar is, relative to the testkit module; {@code millwright.server.jar} overrides it. */
    public static final String JAR_PROPERTY = "millwright.server.jar";

    private static final Pattern READY = Pattern.compile("Millwright ready: http=(\\d+) mqtt=(\\d+)");

    private final Path jar;
    private final Path workDir;
    private final Path config;
    private final String heap;
    private final Map<String, String> settings;
    private Process process;
    private int starts;
    private int httpPort;
    private int mqttPort;

    private ServerProcess(Builder builder, Path jar, Path workDir) {
        this.jar = jar;
        this.workDir = workDir;
        this.config = workDir.resolve("millwright.yaml");
        this.heap = builder.heap;
        this.settings = Map.copyOf(builder.settings);
        Path dataDir = builder.dataDir != null ? builder.dataDir : workDir.resolve("data");
        write(
                config,
                "data-dir: " + dataDir + "\n"
                        + "http:\n  host: 127.0.0.1\n  port: 0\n"
                        + "mqtt:\n  host: 127.0.0.1\n  port: 0\n  ws-port: -1\n"
                        + "  max-publish-rate: 0\n  max-queued-messages: 1000000\n"
                        + "storage:\n  sqlite:\n    synchronous: FULL\n"
                        + builder.extraYaml);
        startProcess();
    }

    /** Starts the server JAR in a fresh temporary work directory and waits for its ready line. */
    public static ServerProcess start() {
        return builder().start();
    }

    /** As {@link #start()}, with extra top-level YAML appended to the configuration (no keys of the defaults). */
    public static ServerProcess start(String extraYaml) {
        return builder().yaml(extraYaml).start();
    }

    /** A server to start with other settings than the defaults of {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@link ServerProcess} runs with: heap, configuration keys (passed as {@code MILLWRIGHT_*} environment
     * variables, which take precedence over the YAML file, so they may override its defaults) and the data directory.
     */
    public static final class Builder {
        private String heap = "512m";
        private String extraYaml = "";
        private Path dataDir;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {}

        /** The server JVM's maximum heap, as for {@code -Xmx} (default {@code 512m}). */
        public Builder heap(String xmx) {
            this.heap = xmx;
            return this;
        }

        /** Extra top-level YAML appended to the configuration file (no keys of the defaults). */
        public Builder yaml(String yaml) {
            this.extraYaml = yaml;
            return this;
        }

        /** One configuration key, e.g. {@code mqtt.connect-timeout} = {@code 2s}; overrides the file. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Where the database lives (default: {@code data} in the work directory); must exist or be creatable. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Starts the server in a fresh temporary work directory and waits for its ready line. */
        public ServerProcess start() {
            Path jar = serverJar();
            try {
                return new ServerProcess(this, jar, Files.createTempDirectory("millwright-crash-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The built server JAR, or an assertion-style failure that says how to build it. */
    public static Path serverJar() {
        String override = System.getProperty(JAR_PROPERTY);
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path jar = override != null
                ? Path.of(override)
                : module.resolve("../millwright-server/target/millwright-server.jar")
                        .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the server JAR " + jar + " is missing: build it first with "
                    + "`./mvnw -pl millwright-testkit -am verify` (millwright-server packages it before the testkit "
                    + "integration tests run), or point -D" + JAR_PROPERTY + " at it");
        }
        return jar;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush, no close. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as an operator's {@code kill}: the server shuts down cleanly. Returns once the process is gone. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The process's resident set size from {@code /proc/<pid>/status} ({@code VmRSS}), or -1 where there is no
     * {@code /proc} or the process is gone.
     */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Starts the server again on the same data directory (after {@link #kill()}); ports change. */
    public ServerProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("restart() after kill(): the server is still running");
        }
        startProcess();
        return this;
    }

    public int httpPort() {
        return httpPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public long pid() {
        return process.pid();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    public ApiClient api() {
        return new ApiClient(httpBase());
    }

    /** The log of the current (latest) start. */
    public Path log() {
        return workDir.resolve("server-" + starts + ".log");
    }

    private void startProcess() {
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only: the server starts in about a third of the time, and a crash test needs no peak throughput
        command.addAll(List.of(
                "-Xmx" + heap,
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "start",
                "--config",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MILLWRIGHT_"));
        builder.environment().put("MILLWRIGHT_ADMIN_PASSWORD", TestPlatform.ADMIN_PASSWORD);
        settings.forEach((key, value) -> builder.environment().put(envName(key), value));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        AtomicReference<Matcher> ready = new AtomicReference<>();
        Path log = log();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    String text = Files.exists(log) ? Files.readString(log) : "";
                    Matcher m = READY.matcher(text);
                    if (m.find()) {
                        ready.set(m);
                        return true;
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the server exited during start-up:\n" + text);
                    }
                    return false;
                });
        httpPort = Integer.parseInt(ready.get().group(1));
        mqttPort = Integer.parseInt(ready.get().group(2));
    }

    /**
     * Kills the server if it still runs, keeps its logs in {@code target/server-logs/<work directory name>} of the
     * module (for a look after a failure) and deletes the work directory.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        keepLogs();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private void keepLogs() {
        Path kept = Path.of(System.getProperty("basedir", ""))
                .toAbsolutePath()
                .resolve("target/server-logs")
                .resolve(workDir.getFileName().toString());
        try {
            Files.createDirectories(kept);
            for (int i = 1; i <= starts; i++) {
                Path log = workDir.resolve("server-" + i + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException ignored) {
            // the logs are a convenience; the test's outcome does not depend on them
        }
    }

    private static String envName(String key) {
        return "MILLWRIGHT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
