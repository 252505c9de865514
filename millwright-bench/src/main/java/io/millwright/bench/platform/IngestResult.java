package io.millwright.bench.platform;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One durable-ingest run: one fleet size and message size on a fresh server.
 *
 * @param devices devices publishing
 * @param keys values per message
 * @param payloadBytes size of one message's JSON payload
 * @param closed the closed-loop phase (the maximum sustained rate)
 * @param open the open-loop phase at half that rate, when the run had one
 * @param sent messages sent over the whole run (warm-up included)
 * @param acked messages acknowledged (PUBACK success) over the whole run
 * @param failed messages that failed (error PUBACK, disconnect)
 * @param failures the failed messages by reason (PUBACK reason code and string, or error type)
 * @param window unacknowledged messages each device kept in the closed loop
 * @param verified devices whose stored count was checked through REST
 * @param mismatches "device: stored N, acknowledged M" for every checked device that differs
 * @param baseline the raw SQLite insert ceiling, measured right after the run
 * @param dataBytes size of the data directory after a graceful stop
 * @param storedPoints points acknowledged over the whole run, which the data directory holds
 */
public record IngestResult(
        int devices,
        int keys,
        int payloadBytes,
        IngestPhase closed,
        Optional<IngestPhase> open,
        long sent,
        long acked,
        long failed,
        Map<String, Long> failures,
        int window,
        int verified,
        List<String> mismatches,
        SqliteBaseline.Result baseline,
        long dataBytes,
        long storedPoints) {

    public IngestResult {
        mismatches = List.copyOf(mismatches);
        failures = Map.copyOf(failures);
    }

    public double pointsPerSecond() {
        return closed.pointsPerSecond();
    }

    /** Points per second as a fraction of the SQLite ceiling. */
    public double ratioToBaseline() {
        return baseline.pointsPerSecond() == 0 ? Double.NaN : pointsPerSecond() / baseline.pointsPerSecond();
    }

    public double bytesPerPoint() {
        return storedPoints == 0 ? Double.NaN : (double) dataBytes / storedPoints;
    }

    /** Devices whose stored count equals their acknowledged messages, of those checked. */
    public int consistent() {
        return verified - mismatches.size();
    }

    /** One line for the console. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "ingest %,6d devices x %3d values: %s%s | SQLite %,.0f points/s (ratio %.2f) | %.1f B/point"
                        + " | stored=acked %d of %d%s",
                devices,
                keys,
                summary(closed),
                open.map(p -> " | " + summary(p)).orElse(""),
                baseline.pointsPerSecond(),
                ratioToBaseline(),
                bytesPerPoint(),
                consistent(),
                verified,
                failures.isEmpty() ? "" : " | failures " + failures);
    }

    private static String summary(IngestPhase p) {
        return String.format(
                Locale.ROOT,
                "%s: %,.0f msg/s (%,.0f points/s), ack p50 %,d us p99 %,d us, sent %,d acked %,d failed %,d",
                p.name(),
                p.messagesPerSecond(),
                p.pointsPerSecond(),
                p.p50Micros(),
                p.p99Micros(),
                p.sent(),
                p.acked(),
                p.failed());
    }
}
