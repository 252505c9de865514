package io.millwright.bench.platform;

/**
 * What one phase of a telemetry load measured, counted from completions that arrived while the phase measured.
 *
 * @param targetRate messages per second an open-loop phase was asked for; 0 for a closed loop
 * @param sent messages sent while measuring
 * @param acked messages acknowledged with a successful PUBACK while measuring
 * @param failed messages that failed (error PUBACK, disconnect) while measuring
 * @param keys values per message
 * @param seconds length of the measurement
 * @param p50Micros median latency in microseconds
 * @param p99Micros 99th percentile latency in microseconds
 */
public record IngestPhase(
        String name,
        double targetRate,
        long sent,
        long acked,
        long failed,
        int keys,
        double seconds,
        long p50Micros,
        long p99Micros) {

    public double messagesPerSecond() {
        return seconds <= 0 ? 0 : acked / seconds;
    }

    public double pointsPerSecond() {
        return messagesPerSecond() * keys;
    }
}
