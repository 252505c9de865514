package io.millwright.core.twin.connectivity;

import io.millwright.core.common.Page;
import io.millwright.core.event.DeviceRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of connectivity: the current state per device and the history of connect and disconnect events.
 * Thread-safe; every write is durable when it returns. Both disappear with their device.
 */
public interface ConnectivityStore {

    /** Appends {@code event} to the history and replaces the device's state with {@code state}, atomically. */
    void record(ConnectivityEvent event, ConnectivityState state);

    Optional<ConnectivityState> state(String tenantId, String deviceId);

    /** Moves each device's {@code lastSeen} forward to the given time (never backwards); unknown devices are skipped. */
    void updateLastSeen(Map<DeviceRef, Instant> lastSeen);

    /**
     * A device's events with {@code from <= at < to}, newest first.
     *
     * @param after the cursor of the previous page, or {@code null}
     * @param limit page size, at least 1
     */
    Page<ConnectivityEvent> events(String tenantId, String deviceId, Instant from, Instant to, String after, int limit);

    /** Deletes events older than {@code cutoff} (retention); returns how many. States are kept. */
    int purgeBefore(Instant cutoff);

    /**
     * Marks every device still recorded as online offline at {@code at}, with a {@link ConnectivityEvent.Disconnected}
     * event giving {@code reason}; called on start, because connections do not survive a restart.
     *
     * @return how many devices were online
     */
    int markAllOffline(Instant at, String reason);
}
