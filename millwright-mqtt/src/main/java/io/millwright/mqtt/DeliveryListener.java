package io.millwright.mqtt;

import io.millwright.core.auth.Principal;

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
     * @param principal who acknowledged: the principal of the client's connection
     * @param topic the topic as the client received it (under a device mount, the client-visible one)
     * @param correlationData the message's correlation data, or {@code null}: the way to tell two messages on one
     *     topic apart; kept for MQTT 3.1.1 clients too, which never see it
     * @param reasonCode the reason code of the PUBACK or PUBREC (0 on MQTT 3.1.1)
     */
    record Delivery(
            String tenantId,
            String clientId,
            Principal principal,
            String topic,
            int qos,
            byte[] correlationData,
            int reasonCode) {}
}
