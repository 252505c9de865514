package io.millwright.mqtt.server;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.broker.SessionOwner;

/**
 * The per-device mount of ThingsBoard-compatible topics. ThingsBoard devices all use the same topic names ({@code
 * v1/devices/me/telemetry}, {@code v1/devices/me/attributes}, {@code v1/devices/me/rpc/request/+}, ...), where "me" is
 * whoever is connected. So that devices never see each other's traffic, a device named {@code N} that publishes or
 * subscribes to {@code v1/devices/me/<rest>} acts on the internal topic {@code devices/N/tb/<rest>} instead:
 *
 * <pre>
 *  device N   PUBLISH   v1/devices/me/attributes        ─▶ routed, intercepted and authorised as devices/N/tb/attributes
 *  device N   SUBSCRIBE v1/devices/me/rpc/request/+     ─▶ subscription devices/N/tb/rpc/request/+
 *  platform   PUBLISH   devices/N/tb/rpc/request/42     ─▶ delivered to N as v1/devices/me/rpc/request/42
 * </pre>
 *
 * Messages delivered through a mounted subscription carry the client-visible topic again (also when queued for an
 * offline session, and for retained messages); applications and the platform see only the internal {@code
 * devices/N/tb/...} topics, and {@code TopicAccess} is checked on them, so the mount needs no grant: it stays inside
 * the device's own subtree. Only {@link Principal.Device} clients are mounted; the filter or topic {@code
 * v1/devices/me} itself maps to {@code devices/N/tb}. A session stores the filters as the client sent them and is
 * mounted again from its owner when restored. A device subscribed both to {@code v1/devices/me/#} and to {@code
 * devices/N/tb/#} receives one copy per message (MQTT 5.0 section 4.7.3 allows one), with the mounted topic. A
 * Response Topic property under the mount is mapped like the topic (the response reaches the device through its
 * mounted subscription).
 *
 * <p>Immutable; {@link #NONE} leaves every topic as it is.
 */
final class DeviceTopicMount {

    /** The ThingsBoard device API prefix as clients use it. */
    static final String CLIENT_PREFIX = "v1/devices/me";

    /** No mount: for users, applications and anonymous clients. */
    static final DeviceTopicMount NONE = new DeviceTopicMount(null);

    /** {@code devices/N/tb}, or {@code null} for {@link #NONE}. */
    private final String internalPrefix;

    private DeviceTopicMount(String internalPrefix) {
        this.internalPrefix = internalPrefix;
    }

    /** The mount of a device named {@code deviceName}. */
    static DeviceTopicMount forDevice(String deviceName) {
        return new DeviceTopicMount("devices/" + deviceName + "/tb");
    }

    static DeviceTopicMount of(Principal principal) {
        return principal instanceof Principal.Device device ? forDevice(device.name()) : NONE;
    }

    /** The mount of a restored session's owner ({@code null}: a session stored before owners were recorded). */
    static DeviceTopicMount of(SessionOwner owner) {
        return owner != null && owner.kind() == SessionOwner.Kind.DEVICE ? forDevice(owner.name()) : NONE;
    }

    /** Whether {@code topicOrFilter}, as a client sent it, is under the mount. */
    boolean covers(String topicOrFilter) {
        return internalPrefix != null && isUnder(topicOrFilter, CLIENT_PREFIX);
    }

    /** The internal topic or filter for one a client sent; unchanged when not under the mount. */
    String toInternal(String topicOrFilter) {
        return covers(topicOrFilter) ? internalPrefix + topicOrFilter.substring(CLIENT_PREFIX.length()) : topicOrFilter;
    }

    /**
     * Inbound message properties with a Response Topic under the mount mapped to the internal topic, where the client
     * will receive the response (it subscribes through the same mount).
     */
    MessageProperties toInternal(MessageProperties p) {
        String responseTopic = p.responseTopic();
        if (responseTopic == null || !covers(responseTopic)) {
            return p;
        }
        return new MessageProperties(
                p.payloadFormatIndicator(),
                p.messageExpiryInterval(),
                p.contentType(),
                toInternal(responseTopic),
                p.correlationData(),
                p.userProperties());
    }

    /** The client-visible topic or filter for an internal one; unchanged when not under the internal prefix. */
    String toClient(String internal) {
        return internalPrefix != null && isUnder(internal, internalPrefix)
                ? CLIENT_PREFIX + internal.substring(internalPrefix.length())
                : internal;
    }

    private static boolean isUnder(String topic, String prefix) {
        return topic.startsWith(prefix) && (topic.length() == prefix.length() || topic.charAt(prefix.length()) == '/');
    }

    @Override
    public String toString() {
        return internalPrefix == null ? "no mount" : CLIENT_PREFIX + " -> " + internalPrefix;
    }
}
