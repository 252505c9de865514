package io.millwright.simulator.profile;

import java.time.Duration;

/**
 * Network faults of each device: random disconnects ({@code disconnects}, a rate per device) after which the device
 * stays offline for a random time between {@code offline-min} and {@code offline-max}, buffering its telemetry.
 */
public record NetworkSpec(Rate disconnects, Duration offlineMin, Duration offlineMax) {

    public static final NetworkSpec NONE = new NetworkSpec(null, null, null);

    public NetworkSpec {
        offlineMin = offlineMin == null ? Duration.ofSeconds(5) : offlineMin;
        offlineMax = offlineMax == null ? offlineMin.multipliedBy(6) : offlineMax;
        if (offlineMax.compareTo(offlineMin) < 0) {
            throw new IllegalArgumentException("network offline-max must not be below offline-min");
        }
    }
}
