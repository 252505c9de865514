package io.millwright.server.cli;

import io.millwright.server.Platform;
import io.millwright.server.config.ConfigException;
import io.millwright.server.config.ConfigSource;
import io.millwright.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code millwright start}: runs the platform in the foreground until SIGTERM or Ctrl-C, then shuts down gracefully.
 * Options override the environment ({@code MILLWRIGHT_*}), which overrides the YAML file, which overrides defaults.
 */
@Command(name = "start", description = "Start the platform in the foreground.")
final class StartCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "YAML configuration file (env MILLWRIGHT_CONFIG).")
    Path config;

    @Option(names = "--data-dir", description = "Data directory (env MILLWRIGHT_DATA_DIR; default ./data).")
    String dataDir;

    @Option(
            names = "--http-port",
            description = "HTTP port, 0 for any free port (env MILLWRIGHT_HTTP_PORT; default 8080).")
    String httpPort;

    @Option(
            names = "--mqtt-port",
            description = "MQTT port, 0 for any free port (env MILLWRIGHT_MQTT_PORT; default 1883).")
    String mqttPort;

    @Option(
            names = "--ws-port",
            description = "MQTT over WebSocket port, 0 for any free port (env MILLWRIGHT_MQTT_WS_PORT; default 8083).")
    String wsPort;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        Map<String, String> overrides = new HashMap<>();
        put(overrides, "data-dir", dataDir);
        put(overrides, "http.port", httpPort);
        put(overrides, "mqtt.port", mqttPort);
        put(overrides, "mqtt.ws-port", wsPort);
        Path file = config != null
                ? config
                : env.containsKey("MILLWRIGHT_CONFIG") ? Path.of(env.get("MILLWRIGHT_CONFIG")) : null;
        ServerConfig serverConfig;
        try {
            serverConfig = ServerConfig.load(new ConfigSource(ConfigSource.readYaml(file), env, overrides));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("millwright: " + e.getMessage());
            return 2;
        }
        Platform platform = Platform.start(serverConfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            platform.close();
                            stopped.countDown();
                        },
                        "millwright-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void put(Map<String, String> overrides, String key, String value) {
        if (value != null) {
            overrides.put(key, value);
        }
    }
}
