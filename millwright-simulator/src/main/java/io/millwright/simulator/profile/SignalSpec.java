package io.millwright.simulator.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a sensor's raw value evolves, chosen by {@code kind} in the profile. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SignalSpec.RandomWalk.class, name = "random-walk"),
    @JsonSubTypes.Type(value = SignalSpec.Sine.class, name = "sine"),
    @JsonSubTypes.Type(value = SignalSpec.Step.class, name = "step"),
    @JsonSubTypes.Type(value = SignalSpec.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = SignalSpec.Counter.class, name = "counter"),
    @JsonSubTypes.Type(value = SignalSpec.Binary.class, name = "binary")
})
public sealed interface SignalSpec {

    /**
     * Brownian motion kept within bounds: each second the value moves by a normal step of deviation {@code step}.
     * Pressures, levels, humidity.
     */
    record RandomWalk(double start, double step, Double min, Double max) implements SignalSpec {
        public RandomWalk {
            if (step < 0) {
                throw new IllegalArgumentException("random-walk step must not be negative");
            }
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("random-walk min must not be above max");
            }
        }
    }

    /** {@code mean + amplitude * sin(2πt / period + random phase)} plus normal noise. Daily and process cycles. */
    record Sine(double mean, double amplitude, Duration period, double noise) implements SignalSpec {
        public Sine {
            Objects.requireNonNull(period, "sine needs a period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("sine period must be positive");
            }
        }
    }

    /** Jumps between {@code levels}, holding each for an exponentially distributed time of mean {@code hold}. */
    record Step(List<Double> levels, Duration hold, double noise) implements SignalSpec {
        public Step {
            if (levels == null || levels.isEmpty()) {
                throw new IllegalArgumentException("step needs at least one level");
            }
            Objects.requireNonNull(hold, "step needs a hold duration");
            levels = List.copyOf(levels);
        }
    }

    /** A fixed value plus normal noise; with actuator effects, a setpoint-driven quantity. */
    record Constant(double value, double noise) implements SignalSpec {}

    /** A monotonic counter growing by {@code rate} per second (with ±10% jitter): energy, volume, parts produced. */
    record Counter(double start, double rate) implements SignalSpec {
        public Counter {
            if (rate < 0) {
                throw new IllegalArgumentException("counter rate must not be negative");
            }
        }
    }

    /** Off most of the time; switches on {@code rate} times on average and stays on about {@code on-for}. */
    record Binary(Rate rate, Duration onFor) implements SignalSpec {
        public Binary {
            Objects.requireNonNull(rate, "binary needs a rate");
            Objects.requireNonNull(onFor, "binary needs on-for");
        }
    }
}
