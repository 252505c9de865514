package io.millwright.simulator;

import io.millwright.device.DeviceException;
import io.millwright.device.MillwrightDevice;
import io.millwright.simulator.model.DeviceModel;
import io.millwright.simulator.profile.NetworkSpec;
import io.millwright.simulator.profile.Profile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: its {@link DeviceModel} driven by the fleet's timer, and its SDK connection. Besides the
 * profile's actuator commands it answers {@code ping} and {@code reboot} (a short offline period).
 */
final class SimulatedDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    private final MillwrightDevice device;
    private final DeviceModel model;
    private final Profile profile;
    private final Stats stats;
    private final RandomGenerator random;
    private ScheduledFuture<?> ticks;
    private long lastTickNanos;

    SimulatedDevice(MillwrightDevice device, DeviceModel model, Profile profile, Stats stats, RandomGenerator random) {
        this.device = device;
        this.model = model;
        this.profile = profile;
        this.stats = stats;
        this.random = random;
    }

    MillwrightDevice device() {
        return device;
    }

    /** Registers the handlers, connects, reports the initial twin and starts sending every {@code interval}. */
    void start(ScheduledExecutorService timer, Duration interval) {
        for (String method : model.commandMethods()) {
            device.onCommand(method, command -> {
                Object result = model.command(command);
                stats.commands.increment();
                reportChanges();
                return result;
            });
        }
        device.onCommand("ping", command -> {
            stats.commands.increment();
            return Map.of("pong", true);
        });
        device.onCommand("reboot", command -> {
            stats.commands.increment();
            Duration offline = Duration.ofMillis(2_000 + random.nextInt(4_000));
            timer.schedule(() -> device.disconnectFor(offline), 200, TimeUnit.MILLISECONDS);
            return Map.of("rebootingFor", offline.toMillis() / 1000.0);
        });
        device.onDesired(update -> {
            stats.desired.increment();
            model.applyDesired(update.desired())
                    .forEach((key, why) -> LOG.debug("{}: ignoring desired {}: {}", device.name(), key, why));
            reportChanges();
        });
        device.connect().whenComplete((ignored, error) -> {
            if (error == null) {
                stats.connectedOnce.increment();
            } else if (cause(error) instanceof DeviceException e
                    && e.reason() == DeviceException.Reason.CREDENTIALS_REFUSED) {
                stats.refused.increment();
            }
        });
        Map<String, Object> initial = new LinkedHashMap<>(model.reported());
        initial.put("simulator", Map.of("profile", profile.name()));
        device.reportTwin(initial);
        lastTickNanos = System.nanoTime();
        long period = interval.toNanos();
        ticks = timer.scheduleAtFixedRate(
                this::tick, (long) (random.nextDouble() * period), period, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            double dt = (now - lastTickNanos) / 1e9;
            lastTickNanos = now;
            Map<String, Object> values = model.tick(dt);
            if (!values.isEmpty()) {
                stats.sent.increment();
                device.sendTelemetry(values).whenComplete((ignored, error) -> {
                    if (error == null) {
                        stats.acknowledged.increment();
                    } else if (!(cause(error) instanceof DeviceException e
                            && e.reason() == DeviceException.Reason.CLOSED)) {
                        stats.failed.increment();
                    }
                });
            }
            reportChanges();
            networkFault(dt);
        } catch (IllegalStateException closed) {
            LOG.debug("{}: tick after close", device.name());
        } catch (RuntimeException e) {
            LOG.warn("{}: simulation step failed", device.name(), e);
        }
    }

    private void networkFault(double dt) {
        NetworkSpec network = profile.network();
        if (network.disconnects() == null || !device.isConnected()) {
            return;
        }
        if (random.nextDouble() < network.disconnects().probabilityWithin(dt)) {
            long min = network.offlineMin().toMillis();
            long spread = network.offlineMax().toMillis() - min;
            device.disconnectFor(Duration.ofMillis(min + (spread > 0 ? random.nextLong(spread + 1) : 0)));
            stats.disconnects.increment();
        }
    }

    private void reportChanges() {
        Map<String, Object> patch = model.takeChanges();
        if (!patch.isEmpty()) {
            device.reportTwin(patch);
        }
    }

    /** Stops sending; the caller closes the device. */
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
