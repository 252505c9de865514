package io.millwright.mqtt;

import io.millwright.core.broker.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the MQTT broker. Every limit is checked here, once, so the broker can trust it.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0}
 * @param port MQTT over TCP port; 0 picks an ephemeral port, -1 disables the listener
 * @param wsPort MQTT over WebSocket port (path {@code /mqtt}, subprotocol {@code mqtt}); default 8083, 0 ephemeral,
 *     -1 disabled
 * @param allowAnonymous admit clients that send no username as {@code Principal.Anonymous(defaultTenantId)}; for
 *     development only, the broker logs a warning at start when it is on. Default off
 * @param defaultTenantId tenant of anonymous clients
 * @param denySubscribe topic filters nobody may subscribe to, nor any filter they cover: SUBACK 0x80 Unspecified
 *     error on both MQTT 3.1.1 and 5 (the Paho interoperability suite asserts 0x80 for {@code test/nosubscribe})
 * @param maxKeepAlive the highest keep alive in seconds the broker accepts (external key {@code mqtt.max-keep-alive}).
 *     An MQTT 5 client asking for more, or for 0, is told this value as Server Keep Alive [MQTT-3.2.2-21]. MQTT 3.1.1
 *     has no way to tell the client, so its own value is kept. Default 300 s: cellular devices commonly ping every
 *     2-5 minutes to save battery and data; the broker closes a silent connection after 1.5 times the keep alive
 *     [MQTT-3.1.2-22]
 * @param maxPacketSize largest packet accepted, in bytes, announced as Maximum Packet Size (larger: DISCONNECT 0x95).
 *     Default 1 MiB
 * @param maxClientIdLength longest client identifier accepted (longer: CONNACK 0x85). Default 128
 * @param maxTopicLength longest topic name or filter in characters. Default 1024
 * @param maxTopicLevels most levels in a topic name or filter. Default 32
 * @param receiveMaximum QoS 1/2 PUBLISHes a client may have unacknowledged towards the broker, announced as Receive
 *     Maximum; a client exceeding it is disconnected with 0x93 [MQTT-3.3.4-9]. Default 32
 * @param maxQueuedMessages QoS 1/2 messages kept per session while its client is offline or slow. Default 1000
 * @param queueOverflow what happens to a message arriving at a full queue
 * @param maxConnections concurrent connections (more: CONNACK 0x97 quota exceeded / 3 server unavailable). Default
 *     100 000
 * @param maxPublishRate PUBLISHes per second accepted from one client; above it the broker stops reading that client
 *     until it is back under the rate. 0 means unlimited. Default 1000
 * @param topicAliasMaximum Topic Alias Maximum announced to MQTT 5 clients (0 disables inbound aliases). Default 16
 * @param maxSessionExpiry the longest session expiry in seconds the broker grants; it also applies to MQTT 3.1.1
 *     clean-session-0 sessions, which would otherwise live forever. Default 7 days
 * @param connectTimeout how long a new connection may take to send CONNECT. Default 10 s
 * @param authThreads threads calling the {@link ClientAuthenticator}. Default 2
 */
public record MqttConfig(
        String host,
        int port,
        int wsPort,
        boolean allowAnonymous,
        String defaultTenantId,
        List<String> denySubscribe,
        int maxKeepAlive,
        int maxPacketSize,
        int maxClientIdLength,
        int maxTopicLength,
        int maxTopicLevels,
        int receiveMaximum,
        int maxQueuedMessages,
        QueueOverflow queueOverflow,
        int maxConnections,
        int maxPublishRate,
        int topicAliasMaximum,
        long maxSessionExpiry,
        Duration connectTimeout,
        int authThreads) {

    /** What to do with a QoS 1/2 message for a session whose queue holds {@code maxQueuedMessages} already. */
    public enum QueueOverflow {
        /** Drop the oldest queued message and keep the new one: fresh readings matter most for devices. */
        DROP_OLDEST,
        /** Keep the queue and drop the new message. */
        DROP_NEWEST
    }

    public MqttConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultTenantId, "defaultTenantId");
        Objects.requireNonNull(queueOverflow, "queueOverflow");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        denySubscribe = List.copyOf(denySubscribe);
        checkPort("port", port);
        checkPort("wsPort", wsPort);
        for (String filter : denySubscribe) {
            if (!Topics.isValidFilter(filter)) {
                throw new IllegalArgumentException("mqtt.deny-subscribe: invalid topic filter '" + filter + "'");
            }
        }
        checkRange("maxKeepAlive", maxKeepAlive, 1, 65_535);
        checkRange("maxPacketSize", maxPacketSize, 64, 268_435_455);
        checkRange("maxClientIdLength", maxClientIdLength, 23, 65_535);
        checkRange("maxTopicLength", maxTopicLength, 1, 65_535);
        checkRange("maxTopicLevels", maxTopicLevels, 1, 65_535);
        checkRange("receiveMaximum", receiveMaximum, 1, 65_535);
        checkRange("maxQueuedMessages", maxQueuedMessages, 0, Integer.MAX_VALUE);
        checkRange("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        checkRange("maxPublishRate", maxPublishRate, 0, Integer.MAX_VALUE);
        checkRange("topicAliasMaximum", topicAliasMaximum, 0, 65_535);
        checkRange("authThreads", authThreads, 1, 256);
        if (maxSessionExpiry < 0 || maxSessionExpiry > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxSessionExpiry must be 0..4294967295 seconds");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** The defaults documented on each field, listening on all interfaces on 1883 and 8083. */
    public static MqttConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void checkPort(String name, int value) {
        checkRange(name, value, -1, 65_535);
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + " (was " + value + ")");
        }
    }

    /** Builder starting from the defaults. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 1883;
        private int wsPort = 8083;
        private boolean allowAnonymous;
        private String defaultTenantId = "default";
        private List<String> denySubscribe = List.of();
        private int maxKeepAlive = 300;
        private int maxPacketSize = 1024 * 1024;
        private int maxClientIdLength = 128;
        private int maxTopicLength = 1024;
        private int maxTopicLevels = 32;
        private int receiveMaximum = 32;
        private int maxQueuedMessages = 1000;
        private QueueOverflow queueOverflow = QueueOverflow.DROP_OLDEST;
        private int maxConnections = 100_000;
        private int maxPublishRate = 1000;
        private int topicAliasMaximum = 16;
        private long maxSessionExpiry = Duration.ofDays(7).toSeconds();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int authThreads = 2;

        private Builder() {}

        private Builder(MqttConfig c) {
            host = c.host;
            port = c.port;
            wsPort = c.wsPort;
            allowAnonymous = c.allowAnonymous;
            defaultTenantId = c.defaultTenantId;
            denySubscribe = c.denySubscribe;
            maxKeepAlive = c.maxKeepAlive;
            maxPacketSize = c.maxPacketSize;
            maxClientIdLength = c.maxClientIdLength;
            maxTopicLength = c.maxTopicLength;
            maxTopicLevels = c.maxTopicLevels;
            receiveMaximum = c.receiveMaximum;
            maxQueuedMessages = c.maxQueuedMessages;
            queueOverflow = c.queueOverflow;
            maxConnections = c.maxConnections;
            maxPublishRate = c.maxPublishRate;
            topicAliasMaximum = c.topicAliasMaximum;
            maxSessionExpiry = c.maxSessionExpiry;
            connectTimeout = c.connectTimeout;
            authThreads = c.authThreads;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder wsPort(int v) {
            wsPort = v;
            return this;
        }

        public Builder allowAnonymous(boolean v) {
            allowAnonymous = v;
            return this;
        }

        public Builder defaultTenantId(String v) {
            defaultTenantId = v;
            return this;
        }

        public Builder denySubscribe(List<String> v) {
            denySubscribe = v;
            return this;
        }

        public Builder maxKeepAlive(int v) {
            maxKeepAlive = v;
            return this;
        }

        public Builder maxPacketSize(int v) {
            maxPacketSize = v;
            return this;
        }

        public Builder maxClientIdLength(int v) {
            maxClientIdLength = v;
            return this;
        }

        public Builder maxTopicLength(int v) {
            maxTopicLength = v;
            return this;
        }

        public Builder maxTopicLevels(int v) {
            maxTopicLevels = v;
            return this;
        }

        public Builder receiveMaximum(int v) {
            receiveMaximum = v;
            return this;
        }

        public Builder maxQueuedMessages(int v) {
            maxQueuedMessages = v;
            return this;
        }

        public Builder queueOverflow(QueueOverflow v) {
            queueOverflow = v;
            return this;
        }

        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        public Builder maxPublishRate(int v) {
            maxPublishRate = v;
            return this;
        }

        public Builder topicAliasMaximum(int v) {
            topicAliasMaximum = v;
            return this;
        }

        public Builder maxSessionExpiry(long v) {
            maxSessionExpiry = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder authThreads(int v) {
            authThreads = v;
            return this;
        }

        public MqttConfig build() {
            return new MqttConfig(
                    host,
                    port,
                    wsPort,
                    allowAnonymous,
                    defaultTenantId,
                    denySubscribe,
                    maxKeepAlive,
                    maxPacketSize,
                    maxClientIdLength,
                    maxTopicLength,
                    maxTopicLevels,
                    receiveMaximum,
                    maxQueuedMessages,
                    queueOverflow,
                    maxConnections,
                    maxPublishRate,
                    topicAliasMaximum,
                    maxSessionExpiry,
                    connectTimeout,
                    authThreads);
        }
    }
}
