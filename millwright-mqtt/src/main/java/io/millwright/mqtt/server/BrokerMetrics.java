package io.millwright.mqtt.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The broker's meters: {@code mqtt.connections}, {@code mqtt.messages.received/sent/dropped{reason}}. */
public final class BrokerMetrics {

    /** Why a message was not delivered. */
    public enum DropReason {
        EXPIRED,
        OFFLINE_QOS0,
        SLOW_CONSUMER,
        QUEUE_FULL,
        PACKET_TOO_LARGE,
        NOT_AUTHORIZED,
        PAYLOAD_FORMAT_INVALID
    }

    private final AtomicInteger connections = new AtomicInteger();
    private final Counter received;
    private final Counter sent;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

    public BrokerMetrics(MeterRegistry registry) {
        registry.gauge("mqtt.connections", connections);
        received = Counter.builder("mqtt.messages.received")
                .description("PUBLISH packets received from clients")
                .register(registry);
        sent = Counter.builder("mqtt.messages.sent")
                .description("PUBLISH packets sent to clients")
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(
                    reason,
                    Counter.builder("mqtt.messages.dropped")
                            .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
    }

    void connected() {
        connections.incrementAndGet();
    }

    void disconnected() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    void received() {
        received.increment();
    }

    void sent() {
        sent.increment();
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }
}
