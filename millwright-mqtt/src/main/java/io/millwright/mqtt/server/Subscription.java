package io.millwright.mqtt.server;

import io.millwright.core.broker.StoredSubscription;

/**
 * One subscription of a session with its options (MQTT 5.0 section 3.8.3.1).
 *
 * @param filter the internal topic filter (after the {@link DeviceTopicMount}) without any {@code $share/group/} prefix
 * @param shareGroup the share name of a shared subscription (section 4.8.2), or {@code null}
 * @param subscriptionId the Subscription Identifier, or 0 for none
 * @param mount the device mount the client subscribed through, or {@code null}: messages delivered through it carry
 *     the client-visible topic
 */
record Subscription(
        String filter,
        String shareGroup,
        int qos,
        boolean noLocal,
        boolean retainAsPublished,
        int retainHandling,
        int subscriptionId,
        DeviceTopicMount mount) {

    static final String SHARE_PREFIX = "$share/";

    /** A subscription not made through a mount. */
    Subscription(
            String filter,
            String shareGroup,
            int qos,
            boolean noLocal,
            boolean retainAsPublished,
            int retainHandling,
            int subscriptionId) {
        this(filter, shareGroup, qos, noLocal, retainAsPublished, retainHandling, subscriptionId, null);
    }

    /** The filter as the client wrote it, the key of the subscription within its session [MQTT-3.8.4-3]. */
    String fullFilter() {
        String clientFilter = mount == null ? filter : mount.toClient(filter);
        return shareGroup == null ? clientFilter : SHARE_PREFIX + shareGroup + "/" + clientFilter;
    }

    /** {@code m} as the client of this subscription sees it: with the client-visible topic under a mount. */
    Message asDelivered(Message m) {
        return mount == null ? m : m.withTopic(mount.toClient(m.topic()));
    }

    boolean isShared() {
        return shareGroup != null;
    }

    StoredSubscription toStored() {
        return new StoredSubscription(fullFilter(), qos, noLocal, retainAsPublished, retainHandling, subscriptionId);
    }

    /** A stored subscription (filter as the client sent it), mounted again with its session owner's mount. */
    static Subscription fromStored(StoredSubscription s, DeviceTopicMount ownerMount) {
        String full = s.topicFilter();
        String group = null;
        String filter = full;
        if (full.startsWith(SHARE_PREFIX)) {
            int slash = full.indexOf('/', SHARE_PREFIX.length());
            group = full.substring(SHARE_PREFIX.length(), slash);
            filter = full.substring(slash + 1);
        }
        boolean mounted = ownerMount.covers(filter);
        return new Subscription(
                ownerMount.toInternal(filter),
                group,
                s.qos(),
                s.noLocal(),
                s.retainAsPublished(),
                s.retainHandling(),
                s.subscriptionIdentifier(),
                mounted ? ownerMount : null);
    }
}
