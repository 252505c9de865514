package io.millwright.server.config;

import io.millwright.mqtt.MqttConfig;
import java.time.Duration;
import java.util.List;

/** Binds the {@code mqtt.*} keys to {@link MqttConfig}; the record itself checks the combinations. */
final class MqttSettings {

    private MqttSettings() {}

    static MqttConfig from(ConfigSource source) {
        MqttConfig defaults = MqttConfig.defaults();
        return MqttConfig.builder()
                .host(source.string("mqtt.host", defaults.host()))
                .port(source.integer("mqtt.port", defaults.port(), -1, 65_535))
                .wsPort(source.integer("mqtt.ws-port", defaults.wsPort(), -1, 65_535))
                .allowAnonymous(source.bool("mqtt.allow-anonymous", defaults.allowAnonymous()))
                .denySubscribe(source.list("mqtt.deny-subscribe", List.of()))
                .maxKeepAlive(source.integer("mqtt.max-keep-alive", defaults.maxKeepAlive(), 1, 65_535))
                .maxPacketSize(source.integer("mqtt.max-packet-size", defaults.maxPacketSize(), 64, 268_435_455))
                .maxClientIdLength(
                        source.integer("mqtt.max-client-id-length", defaults.maxClientIdLength(), 23, 65_535))
                .maxTopicLength(source.integer("mqtt.max-topic-length", defaults.maxTopicLength(), 1, 65_535))
                .maxTopicLevels(source.integer("mqtt.max-topic-levels", defaults.maxTopicLevels(), 1, 65_535))
                .receiveMaximum(source.integer("mqtt.receive-maximum", defaults.receiveMaximum(), 1, 65_535))
                .maxQueuedMessages(
                        source.integer("mqtt.max-queued-messages", defaults.maxQueuedMessages(), 0, Integer.MAX_VALUE))
                .queueOverflow(source.enumValue(
                        "mqtt.queue-overflow", defaults.queueOverflow(), MqttConfig.QueueOverflow.class))
                .maxConnections(source.integer("mqtt.max-connections", defaults.maxConnections(), 1, Integer.MAX_VALUE))
                .maxPublishRate(
                        source.integer("mqtt.max-publish-rate", defaults.maxPublishRate(), 0, Integer.MAX_VALUE))
                .topicAliasMaximum(source.integer("mqtt.topic-alias-maximum", defaults.topicAliasMaximum(), 0, 65_535))
                .maxSessionExpiry(source.duration(
                                "mqtt.max-session-expiry",
                                Duration.ofSeconds(defaults.maxSessionExpiry()),
                                Duration.ZERO,
                                Duration.ofSeconds(0xFFFF_FFFFL))
                        .toSeconds())
                .connectTimeout(source.duration(
                        "mqtt.connect-timeout",
                        defaults.connectTimeout(),
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5)))
                .authThreads(source.integer("mqtt.auth-threads", defaults.authThreads(), 1, 256))
                .build();
    }
}
