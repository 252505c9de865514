package io.millwright.core.broker;

import java.util.Objects;

/**
 * One subscription of a persistent session with its MQTT 5 subscription options (section 3.8.3.1).
 *
 * @param topicFilter the filter as subscribed, including any {@code $share/group/} prefix
 * @param qos the maximum QoS granted (0-2)
 * @param retainHandling 0 send retained on subscribe, 1 only if the subscription is new, 2 never
 * @param subscriptionIdentifier the MQTT 5 Subscription Identifier (1..268435455), or 0 for none
 */
public record StoredSubscription(
        String topicFilter,
        int qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionIdentifier) {

    public StoredSubscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        if (qos < 0 || qos > 2 || retainHandling < 0 || retainHandling > 2 || subscriptionIdentifier < 0) {
            throw new IllegalArgumentException("invalid subscription options for " + topicFilter);
        }
    }
}
