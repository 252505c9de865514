package io.millwright.simulator;

import io.millwright.simulator.platform.PlatformClient;
import io.millwright.simulator.platform.Provisioner;
import io.millwright.simulator.platform.SetupException;
import io.millwright.simulator.profile.Profile;
import io.millwright.simulator.profile.ProfileLoader;
import io.millwright.simulator.profile.Rate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One simulation run: load the profile, log in, create or reuse the devices, run the fleet while printing progress,
 * stop after the duration (or {@link #stop()}), print a summary.
 *
 * <p>Exit codes: {@value #OK} when the run completed; {@value #NOTHING_CONNECTED} when devices were set up but none
 * could connect to the broker (wrong {@code --mqtt}, refused credentials); {@value #SETUP_FAILED} when the run could
 * not start (invalid profile, server unreachable, login refused, registration failed).
 */
public final class Simulator {

    public static final int OK = 0;
    public static final int NOTHING_CONNECTED = 1;
    public static final int SETUP_FAILED = 2;

    /** How long a fleet may take to connect at all before the run is declared a failure. */
    private static final Duration CONNECT_GRACE = Duration.ofSeconds(30);

    private final SimulatorConfig config;
    private final Console console;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public Simulator(SimulatorConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    /** Runs to the end; returns the exit code. */
    public int run() {
        try {
            return simulate();
        } catch (SetupException | IllegalArgumentException e) {
            console.error("simulate: " + e.getMessage());
            return SETUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SETUP_FAILED;
        } finally {
            finished.countDown();
        }
    }

    /** Ends a running simulation early (Ctrl-C) and waits up to {@code timeout} for its summary. */
    public void stop(Duration timeout) {
        stopped.countDown();
        try {
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int simulate() throws SetupException, InterruptedException {
        Profile profile = ProfileLoader.load(config.profile());
        Rate rate = config.rate() == null ? profile.rate() : config.rate();
        PlatformClient client = config.token() != null
                ? PlatformClient.withToken(config.server(), config.token())
                : PlatformClient.login(config.server(), config.username(), config.password());

        console.line(String.format(
                "simulate: %d %s device(s) %s*, %s each, against %s and %s",
                config.devices(), profile.name(), config.prefix(), rate, config.server(), config.mqtt()));
        long setupStart = System.nanoTime();
        Map<String, String> labels = new LinkedHashMap<>(profile.labels());
        labels.put("simulator", "millwright");
        labels.put("profile", profile.name());
        Provisioner.Fleet fleet =
                new Provisioner(client).provision(config.prefix(), config.devices(), profile.type(), labels);
        console.line(String.format(
                "simulate: devices ready in %.1f s (%d created, %d reused with a new token)",
                (System.nanoTime() - setupStart) / 1e9, fleet.created(), fleet.reused()));

        Stats stats = new Stats();
        long start = System.nanoTime();
        FleetRunner runner = new FleetRunner(profile, fleet.devices(), config.mqtt(), rate, config.seed(), stats);
        int exit;
        int connectedAtEnd;
        long buffered;
        long elapsed;
        try {
            runner.start();
            exit = loop(runner, stats, start);
            elapsed = System.nanoTime() - start;
            connectedAtEnd = runner.connected();
            buffered = runner.buffered();
        } finally {
            long closing = System.nanoTime();
            runner.close();
            console.line(String.format(
                    Locale.ROOT, "simulate: devices disconnected in %.1f s", (System.nanoTime() - closing) / 1e9));
        }
        summary(stats.snapshot(), fleet, connectedAtEnd, buffered, elapsed);
        return exit;
    }

    /** Prints progress every second until the end; returns the exit code. */
    private int loop(FleetRunner runner, Stats stats, long start) throws InterruptedException {
        long deadline = config.duration() == null
                ? Long.MAX_VALUE
                : start + config.duration().toNanos();
        long previousAcknowledged = 0;
        long previousNanos = start;
        while (!stopped.await(
                Math.min(1_000_000_000L, Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            Stats.Snapshot snapshot = stats.snapshot();
            double perSecond = (snapshot.acknowledged() - previousAcknowledged) / ((now - previousNanos) / 1e9);
            previousAcknowledged = snapshot.acknowledged();
            previousNanos = now;
            console.progress(progressLine(runner, snapshot, perSecond, now - start));
            if (snapshot.refused() == runner.size()) {
                console.error("simulate: the broker at " + config.mqtt()
                        + " refused the credentials of every device; is --mqtt the broker of --server?");
                return NOTHING_CONNECTED;
            }
            if (snapshot.connectedOnce() == 0 && now - start > CONNECT_GRACE.toNanos()) {
                console.error("simulate: no device could connect to " + config.mqtt() + " within "
                        + CONNECT_GRACE.toSeconds() + " s; check --mqtt");
                return NOTHING_CONNECTED;
            }
            if (now >= deadline) {
                break;
            }
        }
        return stats.snapshot().connectedOnce() == 0 ? NOTHING_CONNECTED : OK;
    }

    private String progressLine(FleetRunner runner, Stats.Snapshot s, double perSecond, long elapsedNanos) {
        return String.format(
                Locale.ROOT,
                "[%s] %,d/%,d connected | %,.0f msg/s | %,d sent | %,d acked | %,d buffered | %,d dropped"
                        + " | %,d commands | %,d desired | %,d offline events",
                clock(elapsedNanos),
                runner.connected(),
                runner.size(),
                perSecond,
                s.sent(),
                s.acknowledged(),
                runner.buffered(),
                s.failed(),
                s.commands(),
                s.desired(),
                s.disconnects());
    }

    private void summary(
            Stats.Snapshot s, Provisioner.Fleet fleet, int connectedAtEnd, long buffered, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        console.line(String.format(Locale.ROOT, "simulate: finished after %s", clock(elapsedNanos)));
        console.line(String.format(
                Locale.ROOT,
                "  devices    %,d (%,d created, %,d reused); %,d connected at least once, %,d at the end",
                fleet.devices().size(),
                fleet.created(),
                fleet.reused(),
                s.connectedOnce(),
                connectedAtEnd));
        console.line(String.format(
                Locale.ROOT,
                "  telemetry  %,d sent, %,d acknowledged (%,.1f msg/s), %,d still buffered, %,d dropped",
                s.sent(),
                s.acknowledged(),
                s.acknowledged() / Math.max(seconds, 0.001),
                buffered,
                s.failed()));
        console.line(String.format(
                Locale.ROOT,
                "  control    %,d commands handled, %,d desired-state updates",
                s.commands(),
                s.desired()));
        console.line(String.format(
                Locale.ROOT,
                "  network    %,d simulated disconnects; %,d devices refused by the broker",
                s.disconnects(),
                s.refused()));
    }

    private static String clock(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%02d:%02d", seconds / 60, seconds % 60);
    }
}
