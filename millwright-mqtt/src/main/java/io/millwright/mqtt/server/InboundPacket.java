package io.millwright.mqtt.server;

import io.millwright.core.broker.MessageProperties;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The control packets a session processes after CONNECT, as immutable values: the channel handler converts the
 * decoded Netty message (and releases its buffer) before handing the packet to the session's event loop, so no
 * reference-counted buffer ever crosses threads.
 */
sealed interface InboundPacket {

    /**
     * PUBLISH (section 3.3) after topic alias resolution.
     *
     * @param packetId 0 for QoS 0
     * @param fenceHorizon the {@link SubscriptionFence#horizon()} when the packet was read
     * @param readBarrier the {@link ReadBarrier} generation that must complete before the packet is routed
     */
    record Publish(
            String topic,
            byte[] payload,
            int qos,
            boolean retain,
            boolean dup,
            int packetId,
            MessageProperties properties,
            long fenceHorizon,
            long readBarrier)
            implements InboundPacket {

        /** This PUBLISH under a device mount: topic and Response Topic in their internal form. */
        Publish mounted(DeviceTopicMount mount) {
            return new Publish(
                    mount.toInternal(topic),
                    payload,
                    qos,
                    retain,
                    dup,
                    packetId,
                    mount.toInternal(properties),
                    fenceHorizon,
                    readBarrier);
        }
    }

    /** PUBACK (section 3.4). */
    record PubAck(int packetId, int reasonCode) implements InboundPacket {}

    /** PUBREC (section 3.5). */
    record PubRec(int packetId, int reasonCode) implements InboundPacket {}

    /** PUBREL (section 3.6). */
    record PubRel(int packetId) implements InboundPacket {}

    /** PUBCOMP (section 3.7). */
    record PubComp(int packetId) implements InboundPacket {}

    /**
     * SUBSCRIBE (section 3.8).
     *
     * @param subscriptionId the Subscription Identifier property, 0 when absent
     */
    record Subscribe(int packetId, int subscriptionId, List<Request> requests) implements InboundPacket {
        /** One topic filter with its subscription options. */
        record Request(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {}
    }

    /** UNSUBSCRIBE (section 3.10). */
    record Unsubscribe(int packetId, List<String> filters) implements InboundPacket {}

    /**
     * DISCONNECT (section 3.14).
     *
     * @param sessionExpiry the Session Expiry Interval property, or {@code null} when absent
     */
    record Disconnect(int reasonCode, Long sessionExpiry) implements InboundPacket {}

    /** Converts a decoded PUBLISH; {@code topic} is the topic after alias resolution. Does not release. */
    static Publish publish(MqttPublishMessage m, String topic, long fenceHorizon, long readBarrier) {
        MqttProperties p = m.variableHeader().properties();
        return new Publish(
                topic,
                ByteBufUtil.getBytes(m.payload()),
                m.fixedHeader().qosLevel().value(),
                m.fixedHeader().isRetain(),
                m.fixedHeader().isDup(),
                Math.max(0, m.variableHeader().packetId()),
                Properties.messageProperties(p),
                fenceHorizon,
                readBarrier);
    }

    static int packetId(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    static int replyCode(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xFF : 0;
    }

    static Subscribe subscribe(MqttSubscribeMessage m) {
        MqttMessageIdAndPropertiesVariableHeader h = m.idAndPropertiesVariableHeader();
        int subscriptionId = Properties.intValue(h.properties(), MqttProperties.SUBSCRIPTION_IDENTIFIER, 0);
        List<Subscribe.Request> requests = new ArrayList<>();
        m.payload()
                .topicSubscriptions()
                .forEach(t -> requests.add(new Subscribe.Request(
                        t.topicFilter(),
                        t.option().qos().value(),
                        t.option().isNoLocal(),
                        t.option().isRetainAsPublished(),
                        t.option().retainHandling().value())));
        return new Subscribe(h.messageId(), subscriptionId, requests);
    }

    static Unsubscribe unsubscribe(MqttUnsubscribeMessage m) {
        return new Unsubscribe(
                m.idAndPropertiesVariableHeader().messageId(),
                List.copyOf(m.payload().topics()));
    }

    static Disconnect disconnect(MqttMessage m) {
        if (m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            MqttProperties.MqttProperty<?> expiry = h.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
            Long sessionExpiry = expiry == null ? null : Integer.toUnsignedLong((Integer) expiry.value());
            return new Disconnect(h.reasonCode() & 0xFF, sessionExpiry);
        }
        return new Disconnect(0, null);
    }
}
