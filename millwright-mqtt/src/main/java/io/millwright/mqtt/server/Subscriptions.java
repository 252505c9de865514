package io.millwright.mqtt.server;

import io.millwright.core.broker.TopicAccess;
import io.millwright.core.broker.Topics;
import io.millwright.mqtt.MqttConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions of one session and their processing: SUBSCRIBE (section 3.8) and UNSUBSCRIBE (section 3.10). Owned
 * by the session's event loop; mirrors every change into the tenant's {@link SubscriptionTree}.
 */
final class Subscriptions {

    /**
     * The outcome of one SUBSCRIBE: the SUBACK codes, the retained messages to send afterwards, and the filters
     * granted, as the client sent them.
     */
    record Result(List<Integer> codes, List<Retained> retained, List<String> granted, boolean protocolError) {}

    /** A retained message to send for a new subscription. */
    record Retained(Message message, Subscription subscription) {}

    private final SessionKey key;
    private final Router.TenantSpace space;
    private final MqttConfig config;
    private final TopicAccess access;
    private final Map<String, Subscription> byFilter = new LinkedHashMap<>();

    Subscriptions(SessionKey key, Router.TenantSpace space, MqttConfig config, TopicAccess access) {
        this.key = key;
        this.space = space;
        this.config = config;
        this.access = access;
    }

    Result subscribe(Connection c, InboundPacket.Subscribe packet, long now) {
        List<Integer> codes = new ArrayList<>();
        List<Retained> retained = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (InboundPacket.Subscribe.Request r : packet.requests()) {
            String full = r.filter();
            String group = null;
            String filter = full;
            if (full.startsWith(Subscription.SHARE_PREFIX)) {
                int slash = full.indexOf('/', Subscription.SHARE_PREFIX.length());
                group = slash < 0 ? "" : full.substring(Subscription.SHARE_PREFIX.length(), slash);
                filter = slash < 0 ? "" : full.substring(slash + 1);
                if (r.noLocal()) {
                    return new Result(codes, retained, granted, true); // [MQTT-3.8.3-4]
                }
            }
            if (!validFilter(filter) || (group != null && !validShareName(group))) {
                codes.add(c.isV5() ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.V3_SUBACK_FAILURE);
                continue;
            }
            boolean mounted = c.mount.covers(filter);
            filter = c.mount.toInternal(filter);
            TopicAccess.Verdict verdict = access.subscribeVerdict(c.info.principal(), c.grants, filter);
            if (verdict != TopicAccess.Verdict.ALLOWED) {
                codes.add(refusal(verdict, c.isV5()));
                continue;
            }
            Subscription s = new Subscription(
                    filter,
                    group,
                    r.qos(),
                    r.noLocal(),
                    r.retainAsPublished(),
                    r.retainHandling(),
                    packet.subscriptionId(),
                    mounted ? c.mount : null);
            boolean existed = byFilter.put(s.fullFilter(), s) != null;
            space.subscriptions().add(key, s);
            codes.add(r.qos());
            granted.add(full);
            boolean sendRetained = r.retainHandling() == 0 || (r.retainHandling() == 1 && !existed);
            if (!s.isShared() && sendRetained) {
                space.retained().matching(filter, now).forEach(m -> retained.add(new Retained(m, s)));
            }
        }
        return new Result(codes, retained, granted, false);
    }

    /** Returns per filter 0x00 Success or 0x11 No subscription existed (section 3.11.3). */
    List<Short> unsubscribe(List<String> filters) {
        List<Short> codes = new ArrayList<>();
        for (String filter : filters) {
            Subscription s = byFilter.remove(filter);
            if (s != null) {
                space.subscriptions().remove(key, s);
            }
            codes.add((short) (s != null ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED));
        }
        return codes;
    }

    void restore(Subscription s) {
        byFilter.put(s.fullFilter(), s);
        space.subscriptions().add(key, s);
    }

    /** Removes every subscription from the tenant's tree: the session has ended. */
    void clear() {
        byFilter.values().forEach(s -> space.subscriptions().remove(key, s));
        byFilter.clear();
    }

    Collection<Subscription> all() {
        return byFilter.values();
    }

    /**
     * The SUBACK code of a refused filter. A filter on the deny-subscribe list is refused with 0x80 Unspecified error
     * on both versions, the code the Eclipse Paho interoperability suite asserts for {@code test/nosubscribe}; a filter
     * outside the principal's rights gets 0x87 Not authorized on MQTT 5 (section 3.9.3) and 0x80 Failure on MQTT 3.1.1
     * [MQTT-3.9.3-2], which has no other failure code.
     */
    static int refusal(TopicAccess.Verdict verdict, boolean v5) {
        return verdict == TopicAccess.Verdict.NOT_AUTHORIZED && v5
                ? ReasonCode.NOT_AUTHORIZED
                : ReasonCode.UNSPECIFIED_ERROR;
    }

    private boolean validFilter(String filter) {
        return Topics.isValidFilter(filter)
                && filter.length() <= config.maxTopicLength()
                && Topics.levelCount(filter) <= config.maxTopicLevels();
    }

    /** A share name is at least one character without {@code /}, {@code +} or {@code #} [MQTT-4.8.2-1], [MQTT-4.8.2-2]. */
    private static boolean validShareName(String group) {
        return !group.isEmpty() && group.indexOf('+') < 0 && group.indexOf('#') < 0;
    }
}
