package io.millwright.core.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Fans committed telemetry out to live subscriptions. Registered as a {@link TelemetryListener}, it runs on the
 * ingest's listener thread and only filters and queues (never blocks); delivery happens on a cached pool of
 * {@code telemetry-stream-N} threads, at most one per subscription at a time (see {@link TelemetrySubscription}), and a
 * single {@code telemetry-stream-heartbeat} thread queues the heartbeats.
 */
final class TelemetryStreams implements TelemetryListener, AutoCloseable {

    private record DeviceKey(String tenantId, String deviceId) {}

    private final StreamConfig config;
    private final Map<DeviceKey, Set<TelemetrySubscription>> byDevice = new ConcurrentHashMap<>();
    private final ExecutorService delivery;
    private final ScheduledExecutorService heartbeats;

    TelemetryStreams(StreamConfig config) {
        this.config = Objects.requireNonNull(config);
        this.delivery = Executors.newCachedThreadPool(daemons("telemetry-stream-"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemons("telemetry-stream-heartbeat"));
        long interval = config.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    TelemetrySubscription add(
            String tenantId, String deviceId, Set<String> keys, Consumer<? super LiveTelemetry> consumer) {
        TelemetrySubscription subscription = new TelemetrySubscription(
                tenantId, deviceId, keys, consumer, delivery, config.queueCapacity(), this::remove);
        byDevice.compute(new DeviceKey(tenantId, deviceId), (key, subscriptions) -> {
            Set<TelemetrySubscription> set = subscriptions == null ? ConcurrentHashMap.newKeySet() : subscriptions;
            set.add(subscription);
            return set;
        });
        return subscription;
    }

    /** The open subscriptions, over all devices. */
    int size() {
        return byDevice.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(TelemetrySubscription subscription) {
        byDevice.computeIfPresent(
                new DeviceKey(subscription.tenantId(), subscription.deviceId()), (key, subscriptions) -> {
                    subscriptions.remove(subscription);
                    return subscriptions.isEmpty() ? null : subscriptions;
                });
    }

    @Override
    public void onTelemetry(DeviceTelemetry committed) {
        Set<TelemetrySubscription> subscriptions =
                byDevice.get(new DeviceKey(committed.tenantId(), committed.deviceId()));
        if (subscriptions == null || subscriptions.isEmpty()) {
            return;
        }
        Map<Long, List<TelemetryPoint>> instants = new LinkedHashMap<>();
        for (TelemetryPoint point : committed.points()) {
            instants.computeIfAbsent(point.timeMicros(), t -> new ArrayList<>()).add(point);
        }
        for (TelemetrySubscription subscription : subscriptions) {
            for (List<TelemetryPoint> points : instants.values()) {
                Map<String, TelemetryValue> values = new LinkedHashMap<>();
                for (TelemetryPoint point : points) {
                    if (subscription.keys().isEmpty() || subscription.keys().contains(point.key())) {
                        values.put(point.key(), point.value());
                    }
                }
                if (!values.isEmpty()) {
                    subscription.offer(new LiveTelemetry.Update(
                            committed.deviceId(), points.get(0).timeMillis(), values));
                }
            }
        }
    }

    private void heartbeat() {
        byDevice.values().forEach(subscriptions -> subscriptions.forEach(TelemetrySubscription::heartbeat));
    }

    /** Cancels every subscription and stops the threads. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        List<TelemetrySubscription> open = new ArrayList<>();
        byDevice.values().forEach(open::addAll);
        open.forEach(TelemetrySubscription::close);
        delivery.shutdown();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
