package io.millwright.simulator.profile;

import java.time.Duration;

/**
 * Sensor faults. Probabilities are per sample; {@code outages} is a rate.
 *
 * @param dropout probability that a sample is missing
 * @param stuck probability that the sensor freezes on its last value, for {@code stuck-for}
 * @param stuckFor how long a stuck sensor stays frozen
 * @param spike probability of a one-sample spike of {@code ±spike-size}
 * @param spikeSize the spike's height
 * @param outages how often the sensor fails completely (no values) for {@code outage-for}
 * @param outageFor how long an outage lasts
 */
public record FaultSpec(
        double dropout,
        double stuck,
        Duration stuckFor,
        double spike,
        double spikeSize,
        Rate outages,
        Duration outageFor) {

    public static final FaultSpec NONE = new FaultSpec(0, 0, null, 0, 0, null, null);

    public FaultSpec {
        probability("dropout", dropout);
        probability("stuck", stuck);
        probability("spike", spike);
        stuckFor = stuckFor == null ? Duration.ofSeconds(30) : stuckFor;
        outageFor = outageFor == null ? Duration.ofMinutes(1) : outageFor;
    }

    private static void probability(String name, double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(name + " is a probability per sample, 0-1 (was " + value + ")");
        }
    }
}
