package io.millwright.bench.broker;

import java.time.Duration;

/**
 * One broker load shape.
 *
 * @param publishers publishing clients
 * @param subscribers subscribing clients
 * @param shape how topics connect publishers to subscribers
 * @param qos QoS of publishes and subscriptions (0 or 1)
 * @param payloadBytes payload size (at least 16: the send time and a sequence number travel in it)
 * @param window unacknowledged publishes each publisher may have outstanding (closed-loop load)
 * @param warmup time before measuring
 * @param measure measured time
 */
public record Scenario(
        String name,
        int publishers,
        int subscribers,
        Shape shape,
        int qos,
        int payloadBytes,
        int window,
        Duration warmup,
        Duration measure) {

    /** How publishers and subscribers meet. */
    public enum Shape {
        /** Every publisher on its own topic, one subscriber on a wildcard covering all. */
        FAN_IN,
        /** One topic; every subscriber receives every message. */
        FAN_OUT,
        /** Pairs: publisher i to subscriber i on topic i. */
        POINT_TO_POINT
    }

    public Scenario {
        if (payloadBytes < 16) {
            throw new IllegalArgumentException("payloadBytes must be at least 16");
        }
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1");
        }
    }
}
