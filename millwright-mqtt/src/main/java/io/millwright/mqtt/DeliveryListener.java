package io.millwright.mqtt;

/**
 * Told when a client acknowledged an outbound QoS 1 or 2 message: PUBACK for QoS 1, PUBCOMP for QoS 2 (PUBREC with a
 * failure code counts as acknowledged with that code). The command service uses it to mark a command DELIVERED.
 * Called on a network event loop: it must not block. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface DeliveryListener {

    void acknowledged(Delivery delivery);

    /**
     * One acknowledged delivery.
     *
     * @param correlationData the message's correlation data, or {@code null}: the way to tell two messages on one
     *     topic apart
     * @param reasonCode the reason code of the PUBACK or PUBREC (0 on MQTT 3.1.1)
     */
    record Delivery(String tenantId, String clientId, String topic, int qos, byte[] correlationData, int reasonCode) {}
}
