package io.millwright.mqtt.server;

import io.millwright.core.broker.StoredSubscription;

/**
 * One subscription of a session with its options (MQTT 5.0 section 3.8.3.1).
 *
 * @param filter the topic filter without any {@code $share/group/} prefix
 * @param shareGroup the share name of a shared subscription (section 4.8.2), or {@code null}
 * @param subscriptionId the Subscription Identifier, or 0 for none
 */
record Subscription(
        String filter,
        String shareGroup,
        int qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionId) {

    static final String SHARE_PREFIX = "$share/";

    /** The filter as the client wrote it, the key of the subscription within its session [MQTT-3.8.4-3]. */
    String fullFilter() {
        return shareGroup == null ? filter : SHARE_PREFIX + shareGroup + "/" + filter;
    }

    boolean isShared() {
        return shareGroup != null;
    }

    StoredSubscription toStored() {
        return new StoredSubscription(fullFilter(), qos, noLocal, retainAsPublished, retainHandling, subscriptionId);
    }

    static Subscription fromStored(StoredSubscription s) {
        String full = s.topicFilter();
        String group = null;
        String filter = full;
        if (full.startsWith(SHARE_PREFIX)) {
            int slash = full.indexOf('/', SHARE_PREFIX.length());
            group = full.substring(SHARE_PREFIX.length(), slash);
            filter = full.substring(slash + 1);
        }
        return new Subscription(
                filter,
                group,
                s.qos(),
                s.noLocal(),
                s.retainAsPublished(),
                s.retainHandling(),
                s.subscriptionIdentifier());
    }
}
