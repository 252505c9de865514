package io.millwright.bench.broker;

/**
 * What a load run measured over its measurement window.
 *
 * @param sent publishes handed to the client library during the window
 * @param published publishes completed by the client library (QoS 1: acknowledged by the broker)
 * @param failed publishes the client library completed with an error
 * @param lost messages given up on after 2 s without reaching every subscriber they were for
 * @param delivered messages received by subscribers
 * @param expectedDeliveries deliveries the published messages should have produced (publishes times fan-out)
 * @param deliveriesPerSecond delivered messages per second
 * @param p50Micros median end-to-end latency, publish call to subscriber callback
 * @param p90Micros 90th percentile latency
 * @param p99Micros 99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param brokerCpuSeconds CPU the broker process used during the window
 * @param generatorCpuSeconds CPU the load generator (this process) used during the window
 * @param seconds length of the measurement window
 */
public record LoadResult(
        String broker,
        Scenario scenario,
        long sent,
        long published,
        long failed,
        long lost,
        long delivered,
        long expectedDeliveries,
        double deliveriesPerSecond,
        double publishesPerSecond,
        long p50Micros,
        long p90Micros,
        long p99Micros,
        long p999Micros,
        double brokerCpuSeconds,
        double generatorCpuSeconds,
        double seconds) {

    /** Broker CPU time per delivered message in microseconds, or -1 when nothing was delivered. */
    public double brokerCpuMicrosPerDelivery() {
        return delivered == 0 ? -1 : brokerCpuSeconds * 1e6 / delivered;
    }

    /** Cores the broker kept busy on average over the window. */
    public double brokerCores() {
        return seconds == 0 ? 0 : brokerCpuSeconds / seconds;
    }

    /** Cores the load generator kept busy on average over the window. */
    public double generatorCores() {
        return seconds == 0 ? 0 : generatorCpuSeconds / seconds;
    }
}
