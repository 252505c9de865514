package io.millwright.simulator;

import io.millwright.device.DeviceRuntime;
import io.millwright.device.MillwrightDevice;
import io.millwright.simulator.model.DeviceModel;
import io.millwright.simulator.platform.PlatformClient.DeviceAccess;
import io.millwright.simulator.profile.Profile;
import io.millwright.simulator.profile.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a fleet in one JVM. All devices share one {@link DeviceRuntime} (its cached pool runs each connection's Paho
 * loops; two timer threads serve keep-alives and reconnects) and one small timer pool for the simulation ticks, whose
 * first runs are spread over a tick interval. Devices start (connect) spread over a ramp-up of up to ten seconds, so
 * a thousand devices do not hit the broker in the same millisecond.
 */
final class FleetRunner implements AutoCloseable {

    private static final Duration MAX_RAMP_UP = Duration.ofSeconds(10);
    private static final Duration RAMP_UP_PER_DEVICE = Duration.ofMillis(10);

    private final Profile profile;
    private final List<DeviceAccess> access;
    private final String mqtt;
    private final Rate rate;
    private final long seed;
    private final Stats stats;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private DeviceRuntime runtime;
    private ScheduledThreadPoolExecutor timer;

    FleetRunner(Profile profile, List<DeviceAccess> access, String mqtt, Rate rate, long seed, Stats stats) {
        this.profile = profile;
        this.access = access;
        this.mqtt = mqtt;
        this.rate = rate;
        this.seed = seed;
        this.stats = stats;
    }

    /**
     * Builds every device and schedules its start.
     *
     * @throws IllegalArgumentException when the MQTT address is invalid
     */
    void start() {
        runtime = DeviceRuntime.create(2);
        AtomicInteger threads = new AtomicInteger();
        timer = new ScheduledThreadPoolExecutor(Math.max(2, Runtime.getRuntime().availableProcessors() / 2), task -> {
            Thread thread = new Thread(task, "simulator-tick-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        SplittableRandom seeds = new SplittableRandom(seed);
        int bufferCapacity = (int) Math.max(100, Math.min(10_000, rate.perSecond() * 300));
        for (DeviceAccess device : access) {
            MillwrightDevice sdk = MillwrightDevice.builder()
                    .server(mqtt)
                    .name(device.name())
                    .token(device.token())
                    .runtime(runtime)
                    .keepAlive(Duration.ofSeconds(60))
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .bufferCapacity(bufferCapacity)
                    .build();
            SplittableRandom random = seeds.split();
            devices.add(new SimulatedDevice(sdk, new DeviceModel(profile, random), profile, stats, random));
        }
        long rampNanos = Math.min(MAX_RAMP_UP.toNanos(), RAMP_UP_PER_DEVICE.toNanos() * devices.size());
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice device = devices.get(i);
            long delay = devices.size() == 1 ? 0 : rampNanos * i / devices.size();
            timer.schedule(() -> device.start(timer, rate.interval()), delay, TimeUnit.NANOSECONDS);
        }
    }

    int size() {
        return devices.size();
    }

    int connected() {
        return (int) devices.stream().filter(d -> d.device().isConnected()).count();
    }

    long buffered() {
        return devices.stream()
                .mapToLong(d -> d.device().stats().telemetryBuffered())
                .sum();
    }

    /** Stops the ticks, then disconnects every device (in parallel: each sends DISCONNECT). */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        devices.forEach(SimulatedDevice::stop);
        timer.shutdownNow();
        // Paho's disconnect polls its threads to a stop; most of a close is waiting, so many run at once.
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(256, Math.max(1, devices.size())));
        devices.forEach(device -> closers.execute(() -> device.device().close()));
        closers.shutdown();
        try {
            if (!closers.awaitTermination(60, TimeUnit.SECONDS)) {
                closers.shutdownNow();
            }
        } catch (InterruptedException e) {
            closers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }
}
