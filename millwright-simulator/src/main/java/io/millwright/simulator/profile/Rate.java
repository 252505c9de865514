package io.millwright.simulator.profile;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events per unit of time, written {@code N/unit} with an optional unit count: {@code 1/s}, {@code 10/s}, {@code 6/min},
 * {@code 0.5/h}, {@code 1/15s}. A bare number is per second.
 *
 * @param perSecond events per second, positive
 */
public record Rate(double perSecond) {

    private static final Pattern FORM =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(\\d+(?:\\.\\d+)?)?\\s*(ms|s|sec|m|min|h|d))?");

    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate must be positive (was " + perSecond + "/s)");
        }
    }

    /**
     * Parses a rate.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Rate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid rate '" + text + "': use N/s, N/min, N/h or N/<count><unit> such as 1/15s");
        }
        double count = Double.parseDouble(m.group(1));
        if (m.group(3) == null) {
            return new Rate(count);
        }
        double units = m.group(2) == null ? 1 : Double.parseDouble(m.group(2));
        double unitSeconds = switch (m.group(3)) {
            case "ms" -> 0.001;
            case "s", "sec" -> 1;
            case "m", "min" -> 60;
            case "h" -> 3600;
            default -> 86_400;
        };
        return new Rate(count / (units * unitSeconds));
    }

    /** The time between two events. */
    public Duration interval() {
        return Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
    }

    /** The probability of at least one event in {@code seconds} (Poisson). */
    public double probabilityWithin(double seconds) {
        return 1 - Math.exp(-perSecond * seconds);
    }

    @Override
    public String toString() {
        if (perSecond >= 1) {
            return format(perSecond) + "/s";
        }
        return perSecond * 60 >= 1 ? format(perSecond * 60) + "/min" : format(perSecond * 3600) + "/h";
    }

    private static String format(double value) {
        double rounded = Math.round(value * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }
}
