package io.millwright.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the machine allows and how busy it is, read from {@code /proc} at run time: the open-file limit of this
 * process (which the brokers it starts inherit, and which caps the connections a broker can hold) and the load
 * average.
 *
 * @param cores processors available to the JVM
 * @param openFileLimit the soft limit on open files of this process, or -1 when it cannot be read
 */
public record Machine(int cores, int openFileLimit) {

    /** Descriptors a broker process needs besides its connections (jars, database files, epoll, pipes). */
    static final int RESERVED_DESCRIPTORS = 1_000;

    private static final Pattern OPEN_FILES =
            Pattern.compile("^Max open files\\s+(\\d+|unlimited)\\s", Pattern.MULTILINE);

    /** Reads the limits of this process. */
    public static Machine detect() {
        int limit = readProc("/proc/self/limits")
                .map(Machine::parseOpenFileLimit)
                .orElse(OptionalInt.empty())
                .orElse(-1);
        return new Machine(Runtime.getRuntime().availableProcessors(), limit);
    }

    /**
     * The most connections one broker process can hold under the open-file limit, rounded down to a thousand and
     * at most {@code wanted}; {@code wanted} when the limit is unknown.
     */
    public int maxConnections(int wanted) {
        if (openFileLimit < 0) {
            return wanted;
        }
        int room = (openFileLimit - RESERVED_DESCRIPTORS) / 1_000 * 1_000;
        return Math.max(0, Math.min(wanted, room));
    }

    /** The load average over 1, 5 and 15 minutes, e.g. "0.52 / 1.10 / 1.35", or "unknown". */
    public static String loadAverage() {
        return readProc("/proc/loadavg").map(Machine::formatLoadAverage).orElse("unknown");
    }

    /** The open-file limit from the text of {@code /proc/<pid>/limits}; empty when absent or unlimited. */
    /** The kernel's Meltdown mitigation as it reports it (e.g. "Mitigation: PTI"), or "unknown". */
    public static String meltdownMitigation() {
        return readProc("/sys/devices/system/cpu/vulnerabilities/meltdown")
                .map(String::trim)
                .orElse("unknown");
    }

    static OptionalInt parseOpenFileLimit(String limits) {
        Matcher m = OPEN_FILES.matcher(limits);
        if (!m.find() || m.group(1).equals("unlimited")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.group(1))));
    }

    /** The first three fields of {@code /proc/loadavg} joined with " / ". */
    static String formatLoadAverage(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        if (fields.length < 3) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%s / %s / %s", fields[0], fields[1], fields[2]);
    }

    private static java.util.Optional<String> readProc(String file) {
        try {
            return java.util.Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
