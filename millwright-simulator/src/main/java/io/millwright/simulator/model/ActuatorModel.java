package io.millwright.simulator.model;

import io.millwright.device.Command;
import io.millwright.simulator.profile.ActuatorSpec;
import io.millwright.simulator.profile.Durations;
import io.millwright.simulator.profile.EffectSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One actuator of one device: its state, how commands and desired state change it, and how it moves sensors. Not
 * thread-safe; the {@link DeviceModel} serialises access.
 */
abstract sealed class ActuatorModel permits ActuatorModel.Level, ActuatorModel.Switch, ActuatorModel.Stock {

    /** What the actuators do to one sensor at this instant: {@code value * factor + offset}. */
    static final class Influence {
        double offset;
        double factor = 1;
    }

    /** One effect with its lagged current strength. */
    private static final class Effect {
        private final EffectSpec spec;
        private double current;

        private Effect(EffectSpec spec, double target) {
            this.spec = spec;
            this.current = target;
        }

        void advance(double dt, double target) {
            double lag = Durations.seconds(spec.lag());
            current += (target - current) * (lag <= 0 ? 1 : 1 - Math.exp(-dt / lag));
        }
    }

    private final List<Effect> effects;
    private final ActuatorSpec spec;

    ActuatorModel(ActuatorSpec spec, List<EffectSpec> effects) {
        this.spec = spec;
        this.effects = effects.stream().map(e -> new Effect(e, 0)).toList();
    }

    static ActuatorModel of(ActuatorSpec spec, RandomGenerator random) {
        if (spec instanceof ActuatorSpec.Level level) {
            return new Level(level);
        }
        if (spec instanceof ActuatorSpec.Switch toggle) {
            return new Switch(toggle);
        }
        return new Stock((ActuatorSpec.Stock) spec, random);
    }

    final String name() {
        return spec.name();
    }

    /** The command method, or null. */
    final String command() {
        return spec.command();
    }

    /** The desired-state key, or null. */
    String desiredKey() {
        return null;
    }

    /** The state as telemetry and twin show it. */
    abstract Object value();

    /** The level in [0, 1] that {@code scale} effects use. */
    abstract double normalized();

    /** The level that {@code add} effects use. */
    abstract double level();

    /** Runs a command; the result is the new state. @throws IllegalArgumentException for bad parameters */
    abstract Object handle(Command command);

    /** Applies a desired value; false when it did not change the state. @throws IllegalArgumentException if invalid */
    abstract boolean applyDesired(Object value);

    /** Advances time; true when the state changed by itself (a stock being consumed). */
    boolean advance(double dt) {
        return false;
    }

    /** Twin properties of this actuator. */
    Map<String, Object> reported() {
        Map<String, Object> reported = new LinkedHashMap<>();
        reported.put(name(), value());
        return reported;
    }

    /** Moves every effect towards its target and adds it to the sensors' influences. */
    final void influence(double dt, Map<String, Influence> influences) {
        for (Effect effect : effects) {
            effect.advance(dt, target(effect.spec));
            Influence influence = influences.computeIfAbsent(effect.spec.sensor(), k -> new Influence());
            if (effect.spec.scales()) {
                influence.factor *= effect.current;
            } else {
                influence.offset += effect.current;
            }
        }
    }

    /** Sets every effect to its target at once: the steady state a device starts in. */
    final void settle() {
        effects.forEach(effect -> effect.current = target(effect.spec));
    }

    private double target(EffectSpec spec) {
        return spec.scales() ? 1 - spec.gain() * (1 - normalized()) : spec.gain() * (level() - spec.baseline());
    }

    /** A level in a range. */
    static final class Level extends ActuatorModel {
        private final ActuatorSpec.Level spec;
        private double value;

        Level(ActuatorSpec.Level spec) {
            super(spec, spec.effects());
            this.spec = spec;
            this.value = spec.initial();
        }

        @Override
        String desiredKey() {
            return spec.desired();
        }

        @Override
        Object value() {
            return value;
        }

        @Override
        double normalized() {
            return spec.max() == spec.min() ? 1 : (value - spec.min()) / (spec.max() - spec.min());
        }

        @Override
        double level() {
            return value;
        }

        @Override
        Object handle(Command command) {
            applyDesired(command.number(spec.param(), value));
            return Map.of(spec.name(), value);
        }

        @Override
        boolean applyDesired(Object desired) {
            if (!(desired instanceof Number number)) {
                throw new IllegalArgumentException(spec.name() + " must be a number (was " + desired + ")");
            }
            double next = Math.max(spec.min(), Math.min(spec.max(), number.doubleValue()));
            boolean changed = next != value;
            value = next;
            return changed;
        }
    }

    /** On or off. */
    static final class Switch extends ActuatorModel {
        private final ActuatorSpec.Switch spec;
        private boolean on;

        Switch(ActuatorSpec.Switch spec) {
            super(spec, spec.effects());
            this.spec = spec;
            this.on = spec.initial();
        }

        @Override
        String desiredKey() {
            return spec.desired();
        }

        @Override
        Object value() {
            return on;
        }

        @Override
        double normalized() {
            return on ? 1 : 0;
        }

        @Override
        double level() {
            return on ? 1 : 0;
        }

        @Override
        Object handle(Command command) {
            Object param = command.params() instanceof Boolean || command.params() instanceof String
                    ? command.params()
                    : command.paramsMap().get(spec.param());
            applyDesired(param == null ? !on : param);
            return Map.of(spec.name(), on);
        }

        @Override
        boolean applyDesired(Object desired) {
            boolean next;
            if (desired instanceof Boolean flag) {
                next = flag;
            } else if (desired instanceof String text
                    && List.of("on", "open", "true").contains(lower(text))) {
                next = true;
            } else if (desired instanceof String text
                    && List.of("off", "closed", "false").contains(lower(text))) {
                next = false;
            } else {
                throw new IllegalArgumentException(spec.name() + " must be true or false (was " + desired + ")");
            }
            boolean changed = next != on;
            on = next;
            return changed;
        }

        private static String lower(String text) {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** A supply consumed at random until restocked. */
    static final class Stock extends ActuatorModel {
        private final ActuatorSpec.Stock spec;
        private final RandomGenerator random;
        private int items;

        Stock(ActuatorSpec.Stock spec, RandomGenerator random) {
            super(spec, List.of());
            this.spec = spec;
            this.random = random;
            this.items = spec.initial();
        }

        @Override
        Object value() {
            return items;
        }

        @Override
        double normalized() {
            return (double) items / spec.capacity();
        }

        @Override
        double level() {
            return items;
        }

        @Override
        boolean advance(double dt) {
            if (items > 0 && random.nextDouble() < spec.consumption().probabilityWithin(dt)) {
                items--;
                return true;
            }
            return false;
        }

        @Override
        Object handle(Command command) {
            double added = command.number("items", spec.capacity());
            if (added < 0) {
                throw new IllegalArgumentException("items must not be negative");
            }
            items = (int) Math.min(spec.capacity(), items + Math.round(added));
            return Map.of(spec.name(), items);
        }

        @Override
        boolean applyDesired(Object value) {
            return false;
        }

        @Override
        Map<String, Object> reported() {
            Map<String, Object> reported = super.reported();
            reported.put(spec.name() + "Low", items <= spec.low());
            return reported;
        }
    }
}
