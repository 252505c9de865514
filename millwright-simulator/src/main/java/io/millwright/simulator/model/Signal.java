package io.millwright.simulator.model;

import io.millwright.simulator.profile.Durations;
import io.millwright.simulator.profile.SignalSpec;
import java.util.List;
import java.util.random.RandomGenerator;

/** A sensor's raw value over time; stateful, one per sensor and device. */
interface Signal {

    /** The value after {@code dt} more seconds. */
    double next(double dt);

    /** The model of a spec, with a random start (phase, level) so a fleet does not move in lockstep. */
    static Signal of(SignalSpec spec, RandomGenerator random) {
        if (spec instanceof SignalSpec.RandomWalk walk) {
            return new RandomWalk(walk, random);
        }
        if (spec instanceof SignalSpec.Sine sine) {
            double period = Durations.seconds(sine.period());
            double phase = random.nextDouble(2 * Math.PI);
            double[] t = {0};
            return dt -> {
                t[0] += dt;
                return sine.mean()
                        + sine.amplitude() * Math.sin(2 * Math.PI * t[0] / period + phase)
                        + sine.noise() * random.nextGaussian();
            };
        }
        if (spec instanceof SignalSpec.Step step) {
            return new Step(step.levels(), Durations.seconds(step.hold()), step.noise(), random);
        }
        if (spec instanceof SignalSpec.Constant constant) {
            return dt -> constant.value() + constant.noise() * random.nextGaussian();
        }
        if (spec instanceof SignalSpec.Counter counter) {
            double[] value = {counter.start()};
            return dt -> {
                value[0] += counter.rate() * dt * Math.max(0, 1 + 0.1 * random.nextGaussian());
                return value[0];
            };
        }
        SignalSpec.Binary binary = (SignalSpec.Binary) spec;
        return new Binary(binary, random);
    }

    /** Brownian motion reflected at its bounds. */
    final class RandomWalk implements Signal {
        private final SignalSpec.RandomWalk spec;
        private final RandomGenerator random;
        private double value;

        RandomWalk(SignalSpec.RandomWalk spec, RandomGenerator random) {
            this.spec = spec;
            this.random = random;
            this.value = spec.start();
        }

        @Override
        public double next(double dt) {
            value += spec.step() * Math.sqrt(dt) * random.nextGaussian();
            if (spec.max() != null && value > spec.max()) {
                value = Math.max(spec.min() == null ? spec.max() : spec.min(), 2 * spec.max() - value);
            }
            if (spec.min() != null && value < spec.min()) {
                value = Math.min(spec.max() == null ? spec.min() : spec.max(), 2 * spec.min() - value);
            }
            return value;
        }
    }

    /** Random jumps between levels after exponentially distributed holds. */
    final class Step implements Signal {
        private final List<Double> levels;
        private final double meanHold;
        private final double noise;
        private final RandomGenerator random;
        private double level;
        private double remaining;

        Step(List<Double> levels, double meanHold, double noise, RandomGenerator random) {
            this.levels = levels;
            this.meanHold = meanHold;
            this.noise = noise;
            this.random = random;
            this.level = levels.get(random.nextInt(levels.size()));
            this.remaining = hold();
        }

        @Override
        public double next(double dt) {
            remaining -= dt;
            if (remaining <= 0) {
                level = levels.get(random.nextInt(levels.size()));
                remaining = hold();
            }
            return level + noise * random.nextGaussian();
        }

        private double hold() {
            return -meanHold * Math.log(1 - random.nextDouble());
        }
    }

    /** 0 most of the time, 1 for a while after random events. */
    final class Binary implements Signal {
        private final SignalSpec.Binary spec;
        private final RandomGenerator random;
        private double remainingOn;

        Binary(SignalSpec.Binary spec, RandomGenerator random) {
            this.spec = spec;
            this.random = random;
        }

        @Override
        public double next(double dt) {
            if (remainingOn > 0) {
                remainingOn -= dt;
            } else if (random.nextDouble() < spec.rate().probabilityWithin(dt)) {
                remainingOn = Durations.seconds(spec.onFor()) * (0.5 + random.nextDouble());
            }
            return remainingOn > 0 ? 1 : 0;
        }
    }
}
