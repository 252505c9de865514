package io.millwright.simulator;

import io.millwright.simulator.profile.Durations;
import io.millwright.simulator.profile.ProfileLoader;
import io.millwright.simulator.profile.Rate;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./millwright simulate}: the command line of the fleet simulator. */
@Command(
        name = "millwright simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulates a fleet of devices against a running Millwright server: registers (or reuses) the devices "
                    + "through the REST API, then runs them with the device SDK over MQTT.",
            "",
            "Built-in profiles: factory-line (temperature, pressure, vibration, cooling fan), smart-fridge, home, "
                    + "meter (high-rate telemetry for load tests). A profile may also be a YAML file path.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed",
            "1:no device could connect to the broker",
            "2:setup failed (invalid options or profile, server unreachable, login refused)"
        })
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "10", description = "number of devices (default ${DEFAULT-VALUE})")
    int devices;

    @Option(
            names = "--profile",
            defaultValue = "factory-line",
            description = "built-in profile name or YAML file (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--rate", description = "telemetry per device, e.g. 1/s, 10/s, 6/min (default: the profile's)")
    String rate;

    @Option(names = "--duration", description = "how long to run, e.g. 60s, 10m (default: until Ctrl-C)")
    String duration;

    @Option(
            names = "--server",
            defaultValue = "${env:MILLWRIGHT_SERVER:-http://localhost:8080}",
            description = "REST base URL (env MILLWRIGHT_SERVER, default ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--mqtt", description = "broker address for the devices (default mqtt://<server host>:1883)")
    String mqtt;

    @Option(
            names = "--username",
            defaultValue = "${env:MILLWRIGHT_USERNAME:-admin}",
            description = "user that registers the devices (env MILLWRIGHT_USERNAME, default ${DEFAULT-VALUE})")
    String username;

    @Option(
            names = "--password",
            defaultValue = "${env:MILLWRIGHT_PASSWORD}",
            description = "that user's password (env MILLWRIGHT_PASSWORD)")
    String password;

    @Option(
            names = "--token",
            defaultValue = "${env:MILLWRIGHT_TOKEN}",
            description = "an API token instead of a password (env MILLWRIGHT_TOKEN)")
    String token;

    @Option(names = "--prefix", defaultValue = "sim-", description = "device name prefix (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the signals (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--list-profiles", description = "print the built-in profiles and exit")
    boolean listProfiles;

    private final Console console;

    public SimulatorMain() {
        this(Console.system());
    }

    SimulatorMain(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (listProfiles) {
            ProfileLoader.BUILT_IN.forEach(
                    name -> console.line(name + ": " + ProfileLoader.load(name).description()));
            return Simulator.OK;
        }
        SimulatorConfig config;
        try {
            config = new SimulatorConfig(
                    URI.create(server),
                    mqtt,
                    username,
                    password,
                    token,
                    devices,
                    profile,
                    rate == null ? null : Rate.parse(rate),
                    duration == null ? null : Durations.parse(duration),
                    prefix,
                    seed);
        } catch (IllegalArgumentException | NullPointerException e) {
            console.error("simulate: " + e.getMessage());
            return Simulator.SETUP_FAILED;
        }
        Simulator simulator = new Simulator(config, console);
        Thread hook = new Thread(() -> simulator.stop(Duration.ofSeconds(40)), "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return simulator.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this run to finish
            }
        }
    }
}
