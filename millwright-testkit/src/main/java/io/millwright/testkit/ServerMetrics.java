package io.millwright.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a running server's Prometheus endpoint ({@code GET /metrics}) that fault tests watch: heap in use,
 * heap after the last collection, the heap's limit.
 *
 * <p>Each call scrapes once; a server that does not answer gives {@code -1}, never an exception, so that samplers on
 * background threads cannot fail a test by throwing.
 */
public final class ServerMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private final ServerProcess server;

    public ServerMetrics(ServerProcess server) {
        this.server = server;
    }

    /** One scrape of the heap figures. */
    public record Heap(long usedBytes, long liveAfterGcBytes, long maxBytes) {
        static final Heap UNKNOWN = new Heap(-1, -1, -1);
    }

    /** The heap now: used (all heap pools), live data after the last GC, the maximum; all -1 if unreachable. */
    public Heap heap() {
        String text = scrape();
        if (text == null) {
            return Heap.UNKNOWN;
        }
        return new Heap(
                (long) sum(text, "jvm_memory_used_bytes", "area=\"heap\""),
                (long) sum(text, "jvm_gc_live_data_size_bytes", ""),
                (long) sum(text, "jvm_gc_max_data_size_bytes", ""));
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labelPart}; -1 if unreachable. */
    public double value(String name, String labelPart) {
        String text = scrape();
        return text == null ? -1 : sum(text, name, labelPart);
    }

    private String scrape() {
        try {
            ApiClient.Response response = server.api().get("/metrics");
            return response.status() == 200 ? response.body() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double sum(String text, String name, String labelPart) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()
                    && m.group(1).equals(name)
                    && (m.group(2) == null ? labelPart.isEmpty() : m.group(2).contains(labelPart))) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }
}
