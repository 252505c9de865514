package io.millwright.core.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-assigned telemetry times: epoch microseconds that strictly increase per device, so two messages of a device
 * never share a point identity however fast it sends. Times run ahead of the wall clock only while a device sends more
 * than a million samples a second. Thread-safe; holds one entry per device that sent since start.
 */
public final class ServerClock {

    private record DeviceKey(String tenantId, String deviceId) {}

    private final Clock clock;
    private final ConcurrentHashMap<DeviceKey, Long> last = new ConcurrentHashMap<>();

    public ServerClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reserves {@code ticks} consecutive microsecond times for a device.
     *
     * @return the first of them; all are greater than any time reserved for the device before
     */
    public long reserve(String tenantId, String deviceId, int ticks) {
        if (ticks < 1) {
            throw new IllegalArgumentException("ticks must be positive");
        }
        Instant now = clock.instant();
        long nowMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
        long end = last.merge(
                new DeviceKey(tenantId, deviceId),
                nowMicros + ticks - 1,
                (previous, candidate) -> Math.max(candidate, previous + ticks));
        return end - ticks + 1;
    }
}
