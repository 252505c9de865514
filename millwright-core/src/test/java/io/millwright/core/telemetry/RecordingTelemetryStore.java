package io.millwright.core.telemetry;

import io.millwright.core.common.Page;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A store double for ingest tests: records appends, can hold them at a gate and can fail them. */
final class RecordingTelemetryStore implements TelemetryStore {

    private final List<List<DeviceTelemetry>> appends = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile RuntimeException failure;

    /** Appends wait until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    /** Waits until an append is running (possibly held at the gate). */
    void awaitAppend() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no append started");
        }
    }

    synchronized List<List<DeviceTelemetry>> appends() {
        return List.copyOf(appends);
    }

    synchronized List<DeviceTelemetry> stored() {
        return appends.stream().flatMap(List::stream).toList();
    }

    @Override
    public void append(List<DeviceTelemetry> batch) {
        entered.countDown();
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate not opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (this) {
            appends.add(List.copyOf(batch));
        }
    }

    @Override
    public Map<String, TelemetryPoint> latest(String tenantId, String deviceId, Collection<String> keys) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<TelemetryPoint> query(String tenantId, String deviceId, RawQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, List<Bucket>> aggregate(String tenantId, String deviceId, AggregateQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long purge(String tenantId, DeviceSelection devices, long cutoffMillis) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reclaimSpace() {}

    @Override
    public DiskUsage diskUsage() {
        return new DiskUsage(0, 0);
    }
}
