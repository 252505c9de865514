package io.millwright.mqtt.gateway;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's executor for blocking domain calls (twin and command services), so that no event loop ever blocks.
 *
 * <p><b>Concurrency model.</b> A fixed number of lanes, each one thread with a bounded queue; a device's work always
 * runs on the lane its device id hashes to, so the reports of one device are applied in the order they arrived (merge
 * patches do not commute) while different devices proceed in parallel. A full lane refuses new work at once ({@link
 * RejectedExecutionException} in the returned future): together with the broker stopping to read a connection that
 * has too many unacknowledged PUBLISHes, this is the backpressure, and nothing is buffered without bound.
 */
final class DeviceLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLanes.class);

    private final ThreadPoolExecutor[] lanes;

    DeviceLanes(GatewayConfig config) {
        lanes = new ThreadPoolExecutor[config.lanes()];
        AtomicInteger number = new AtomicInteger();
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ThreadPoolExecutor(
                    1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.queuePerLane()), r -> {
                        Thread t = new Thread(r, "mqtt-gateway-" + number.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
    }

    /**
     * Runs {@code work} on the device's lane; the future fails with {@link RejectedExecutionException} when the lane
     * is full or closed.
     */
    <T> CompletableFuture<T> submit(String deviceId, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, lane(deviceId));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code task} on the device's lane; returns {@code false}, logging, when the lane is full or closed and the
     * task was dropped.
     */
    boolean execute(String deviceId, Runnable task) {
        try {
            lane(deviceId).execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Gateway task for device {} failed", deviceId, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warn("Gateway overloaded or stopping: a task for device {} was not run on its lane", deviceId);
            return false;
        }
    }

    private ThreadPoolExecutor lane(String deviceId) {
        return lanes[Math.floorMod(deviceId.hashCode(), lanes.length)];
    }

    /** Finishes queued work (up to 5 s) and stops the threads. */
    @Override
    public void close() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        try {
            for (ThreadPoolExecutor lane : lanes) {
                if (!lane.awaitTermination(5, TimeUnit.SECONDS)) {
                    lane.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
