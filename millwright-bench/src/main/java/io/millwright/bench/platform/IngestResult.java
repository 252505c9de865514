package io.millwright.bench.platform;

import java.util.List;

/**
 * One durable-ingest run.
 *
 * @param devices devices publishing
 * @param closed the closed-loop phase (the maximum sustained rate)
 * @param open the open-loop phase at half that rate
 * @param sent messages sent over the whole run (warm-up included)
 * @param acked messages acknowledged (PUBACK success) over the whole run
 * @param failed messages that failed (error PUBACK, disconnect)
 * @param verified devices whose stored count was checked through REST
 * @param mismatches "device: stored N, acknowledged M" for every checked device that differs
 * @param baselinePointsPerSecond the raw SQLite insert rate for the points the closed loop acknowledged
 * @param dataBytes size of the data directory after a graceful stop
 * @param storedPoints points acknowledged over the whole run, which the data directory holds
 */
public record IngestResult(
        int devices,
        TelemetryLoad.Phase closed,
        TelemetryLoad.Phase open,
        long sent,
        long acked,
        long failed,
        int verified,
        List<String> mismatches,
        double baselinePointsPerSecond,
        long dataBytes,
        long storedPoints) {

    public String closedSummary() {
        return summary(closed);
    }

    public String openSummary() {
        return summary(open);
    }

    public double messagesPerSecond() {
        return closed.messagesPerSecond();
    }

    public double pointsPerSecond() {
        return closed.pointsPerSecond();
    }

    public double openRate() {
        return open.targetRate();
    }

    public double openMessagesPerSecond() {
        return open.messagesPerSecond();
    }

    public long closedP50Micros() {
        return closed.p50Micros();
    }

    public long closedP99Micros() {
        return closed.p99Micros();
    }

    public long openP50Micros() {
        return open.p50Micros();
    }

    public long openP99Micros() {
        return open.p99Micros();
    }

    public long windowSent() {
        return closed.sent();
    }

    public long windowAcked() {
        return closed.acked();
    }

    public long windowFailed() {
        return closed.failed();
    }

    public double bytesPerPoint() {
        return storedPoints == 0 ? Double.NaN : (double) dataBytes / storedPoints;
    }

    private static String summary(TelemetryLoad.Phase p) {
        return String.format(
                java.util.Locale.ROOT,
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
