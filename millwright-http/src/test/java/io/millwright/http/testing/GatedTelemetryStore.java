package io.millwright.http.testing;

import io.millwright.core.common.Page;
import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.DeviceSelection;
import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.DiskUsage;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A telemetry store for failure tests: appends can be held at a gate (so the ingest queue fills) or fail (as a full
 * disk would); reads answer nothing.
 */
public final class GatedTelemetryStore implements TelemetryStore {

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile RuntimeException failure;

    /** Appends wait until {@link #open()}. */
    public void hold() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    /** Appends throw {@code e} (after the gate), or succeed again when {@code null}. */
    public void failWith(RuntimeException e) {
        failure = e;
    }

    /** Waits until an append is running, possibly held at the gate. */
    public void awaitAppend() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no append started");
        }
    }

    @Override
    public void append(List<DeviceTelemetry> batch) {
        entered.countDown();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate was not opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public Map<String, TelemetryPoint> latest(String tenantId, String deviceId, Collection<String> keys) {
        return Map.of();
    }

    @Override
    public Page<TelemetryPoint> query(String tenantId, String deviceId, RawQuery query) {
        return new Page<>(List.of(), null);
    }

    @Override
    public Map<String, List<Bucket>> aggregate(String tenantId, String deviceId, AggregateQuery query) {
        return Map.of();
    }

    @Override
    public long purge(String tenantId, DeviceSelection devices, long cutoffMillis) {
        return 0;
    }

    @Override
    public void reclaimSpace() {}

    @Override
    public DiskUsage diskUsage() {
        return new DiskUsage(0, 0);
    }
}
