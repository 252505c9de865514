package io.millwright.bench.platform;

/**
 * Command round trips and twin-reported throughput.
 *
 * @param devices connected devices answering commands
 * @param httpThreads concurrent REST callers, each waiting for its command's result before sending the next
 * @param succeeded commands answered 200 SUCCEEDED within the window
 * @param otherwise commands answered otherwise (202 after the wait, failed, errors)
 * @param commandsPerSecond succeeded commands per second
 * @param p50Micros median round trip, REST request to 200 SUCCEEDED
 * @param p99Micros 99th percentile round trip
 * @param twinPatches reported patches acknowledged within the twin window
 * @param twinFailed reported patches that failed within it
 * @param patchesPerSecond acknowledged patches per second
 */
public record CommandResult(
        int devices,
        int httpThreads,
        long succeeded,
        long otherwise,
        double commandsPerSecond,
        long p50Micros,
        long p99Micros,
        long twinPatches,
        long twinFailed,
        double patchesPerSecond) {}
