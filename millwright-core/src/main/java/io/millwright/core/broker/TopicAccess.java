package io.millwright.core.broker;

import io.millwright.core.auth.Principal;
import io.millwright.core.device.TopicGrant;
import java.util.List;
import java.util.Objects;

/**
 * Who may publish to and subscribe to which topics, inside the principal's tenant (tenant isolation itself is the
 * broker's job: every tenant has its own topic namespace).
 *
 * <ul>
 *   <li>a {@link Principal.User} may use every topic that does not start with {@code $};
 *   <li>a {@link Principal.Device} named {@code N} may use {@code devices/N} and everything below it, plus what its
 *       {@link TopicGrant}s allow: a publish grant allows topics its filter matches; a subscribe grant allows filters
 *       its filter covers ({@link Topics#covers});
 *   <li>a {@link Principal.Anonymous} client may use every topic that does not start with {@code $};
 *   <li>filters on the deny-subscribe list, and every filter they cover, may not be subscribed to by anyone.
 * </ul>
 *
 * <p>Immutable and thread-safe. Shared subscriptions must be passed without their {@code $share/group/} prefix.
 */
public final class TopicAccess {

    /** The answer to a subscribe request; the broker maps each to a SUBACK reason code. */
    public enum Verdict {
        ALLOWED,
        /** The principal lacks the right (SUBACK 0x87 Not authorized). */
        NOT_AUTHORIZED,
        /** The filter is on the deny-subscribe list, for every principal (SUBACK 0x80 on MQTT 3.1.1 and 5). */
        DENIED_BY_POLICY
    }

    private final List<String> denySubscribe;

    /** @param denySubscribe topic filters nobody may subscribe to; each must be a valid filter */
    public TopicAccess(List<String> denySubscribe) {
        this.denySubscribe = List.copyOf(denySubscribe);
        for (String filter : this.denySubscribe) {
            if (!Topics.isValidFilter(filter)) {
                throw new IllegalArgumentException("invalid deny-subscribe filter '" + filter + "'");
            }
        }
    }

    /** Whether {@code principal}, holding {@code grants}, may publish to the topic name {@code topic}. */
    public boolean mayPublish(Principal principal, List<TopicGrant> grants, String topic) {
        Objects.requireNonNull(principal, "principal");
        if (!Topics.isValidTopicName(topic) || topic.startsWith("$")) {
            return false;
        }
        if (principal instanceof Principal.Device device) {
            return Topics.matches(ownSubtree(device), topic)
                    || grants.stream()
                            .anyMatch(
                                    g -> g.action() == TopicGrant.Action.PUBLISH && Topics.matches(g.filter(), topic));
        }
        return true;
    }

    /** Whether {@code principal}, holding {@code grants}, may subscribe to the topic filter {@code filter}. */
    public Verdict subscribeVerdict(Principal principal, List<TopicGrant> grants, String filter) {
        Objects.requireNonNull(principal, "principal");
        if (!Topics.isValidFilter(filter) || filter.startsWith("$")) {
            return Verdict.NOT_AUTHORIZED;
        }
        if (denySubscribe.stream().anyMatch(deny -> Topics.covers(deny, filter))) {
            return Verdict.DENIED_BY_POLICY;
        }
        boolean allowed = true;
        if (principal instanceof Principal.Device device) {
            allowed = Topics.covers(ownSubtree(device), filter)
                    || grants.stream()
                            .anyMatch(g ->
                                    g.action() == TopicGrant.Action.SUBSCRIBE && Topics.covers(g.filter(), filter));
        }
        return allowed ? Verdict.ALLOWED : Verdict.NOT_AUTHORIZED;
    }

    private static String ownSubtree(Principal.Device device) {
        return "devices/" + device.name() + "/#";
    }
}
