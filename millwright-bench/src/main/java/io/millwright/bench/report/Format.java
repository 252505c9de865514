package io.millwright.bench.report;

import java.util.Locale;

/** Number formatting shared by the report's tables. */
final class Format {

    private Format() {}

    /** {@code a / b} to two decimals, or "n/a" when there is no baseline value. */
    static String ratio(double a, double b) {
        if (b == 0 || Double.isNaN(a) || Double.isNaN(b) || a < 0 || b < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    /** {@code a / b} to three decimals, or "-" when nothing was expected. */
    static String fraction(long a, long b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) a / b);
    }

    /** Microseconds as milliseconds with one decimal, e.g. 12,345 µs as "12.3". */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%,.1f", micros / 1000.0);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String bytes(long value) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d B", value);
    }
}
