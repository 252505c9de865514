package io.millwright.bench.broker;

/**
 * What a load run measured over its measurement window.
 *
 * @param published publishes completed by the client library (QoS 1: acknowledged by the broker)
 * @param delivered messages received by subscribers
 * @param expectedDeliveries deliveries the published messages should have produced (publishes times fan-out)
 * @param deliveriesPerSecond delivered messages per second
 * @param p50Micros median end-to-end latency, publish call to subscriber callback
 * @param p99Micros 99th percentile latency
 * @param brokerCpuSeconds CPU the broker process used during the window
 */
public record LoadResult(
        String broker,
        Scenario scenario,
        long published,
        long delivered,
        long expectedDeliveries,
        double deliveriesPerSecond,
        double publishesPerSecond,
        long p50Micros,
        long p99Micros,
        double brokerCpuSeconds) {}
