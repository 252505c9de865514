package io.millwright.core.telemetry;

import io.millwright.core.common.Page;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Persistence of telemetry points, scoped by tenant: nothing of one tenant is ever visible through another tenant's id.
 *
 * <p>A point's identity is (tenant, device, key, time in microseconds); storing a point with an existing identity
 * replaces the earlier value, also within one {@link #append} (the later point of the list wins). Results reflect every
 * append that returned; implementations are thread-safe, and {@link #append} is normally called from one writer thread
 * (the {@link TelemetryIngest}).
 */
public interface TelemetryStore {

    /**
     * Stores the points of many devices in one transaction: when this returns, all of them are durable and readable;
     * when it throws, none is stored.
     *
     * @throws RuntimeException a storage failure (disk full, I/O error), never a partial success
     */
    void append(List<DeviceTelemetry> batch);

    /**
     * The newest point (greatest time, not the last received) of each key of a device.
     *
     * @param keys the keys wanted, or empty for every key the device has
     * @return key to point, only for keys with data
     */
    Map<String, TelemetryPoint> latest(String tenantId, String deviceId, Collection<String> keys);

    /** Raw points of one device, a page at a time; see {@link RawQuery}. */
    Page<TelemetryPoint> query(String tenantId, String deviceId, RawQuery query);

    /**
     * Aggregated buckets per key, in time order; a key without data maps to an empty list. See {@link AggregateQuery}
     * and {@link Aggregation} for the bucket rules.
     */
    Map<String, List<Bucket>> aggregate(String tenantId, String deviceId, AggregateQuery query);

    /**
     * Deletes the points of the selected devices of a tenant with a time before {@code cutoffMillis}. Points at or
     * after the cutoff and the latest values are kept.
     *
     * @return the number of points deleted
     */
    long purge(String tenantId, DeviceSelection devices, long cutoffMillis);

    /** Gives space freed by purges back to the file system, where the backend can (SQLite incremental vacuum). */
    void reclaimSpace();

    DiskUsage diskUsage();
}
