package io.millwright.mqtt.server;

import io.millwright.core.broker.MessageProperties;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the Netty packets the broker sends. The encoder decides from the negotiated protocol version whether
 * properties and reason codes go on the wire, so MQTT 3.1.1 connections simply drop them.
 */
final class Packets {

    static final MqttMessage PINGRESP =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {}

    static MqttConnAckMessage connAck(int code, boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(
                fixed(MqttMessageType.CONNACK, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) code), sessionPresent, properties));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP; {@code reasonString} is dropped when {@code null}. */
    static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, String reasonString) {
        return new MqttMessage(
                fixed(type, type == MqttMessageType.PUBREL ? 1 : 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, reasonString(reasonString)));
    }

    static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
        return new MqttSubAckMessage(
                fixed(MqttMessageType.SUBACK, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(int packetId, List<Short> codes) {
        return new MqttUnsubAckMessage(
                fixed(MqttMessageType.UNSUBACK, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes));
    }

    static MqttMessage disconnect(int reasonCode, String reasonString) {
        return new MqttMessage(
                fixed(MqttMessageType.DISCONNECT, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, reasonString(reasonString)));
    }

    /**
     * An outbound PUBLISH. {@code topic} is empty when a known topic alias replaces it (section 3.3.2.3.4).
     *
     * @param alias the Topic Alias to send, or 0
     */
    static MqttPublishMessage publish(
            String topic,
            int qos,
            boolean dup,
            boolean retain,
            int packetId,
            MessageProperties p,
            List<Integer> subscriptionIds,
            int alias,
            byte[] payload) {
        MqttProperties props = new MqttProperties();
        if (p.payloadFormatIndicator() != null) {
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.PAYLOAD_FORMAT_INDICATOR, p.payloadFormatIndicator()));
        }
        if (p.messageExpiryInterval() != null) {
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) (long) p.messageExpiryInterval()));
        }
        if (p.contentType() != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, p.contentType()));
        }
        if (p.responseTopic() != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, p.responseTopic()));
        }
        if (p.correlationData() != null) {
            props.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, p.correlationData()));
        }
        if (!p.userProperties().isEmpty()) {
            MqttProperties.UserProperties user = new MqttProperties.UserProperties();
            p.userProperties().forEach(u -> user.add(u.name(), u.value()));
            props.add(user);
        }
        for (int id : subscriptionIds) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        if (alias > 0) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
        }
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0),
                new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId, props),
                Unpooled.wrappedBuffer(payload));
    }

    /** The encoded size of {@link #publish} with the same arguments, to honour the client's Maximum Packet Size. */
    static int publishSize(
            String topic,
            int qos,
            MessageProperties p,
            List<Integer> subscriptionIds,
            int alias,
            int payloadLength,
            boolean v5) {
        long remaining = 2L + utf8Length(topic) + (qos > 0 ? 2 : 0) + payloadLength;
        if (v5) {
            long props = 0;
            props += p.payloadFormatIndicator() == null ? 0 : 2;
            props += p.messageExpiryInterval() == null ? 0 : 5;
            props += p.contentType() == null ? 0 : 3 + utf8Length(p.contentType());
            props += p.responseTopic() == null ? 0 : 3 + utf8Length(p.responseTopic());
            byte[] correlation = p.correlationData();
            props += correlation == null ? 0 : 3 + correlation.length;
            for (MessageProperties.UserProperty u : p.userProperties()) {
                props += 5 + utf8Length(u.name()) + utf8Length(u.value());
            }
            for (int id : subscriptionIds) {
                props += 1 + varIntSize(id);
            }
            props += alias > 0 ? 3 : 0;
            remaining += varIntSize(props) + props;
        }
        return (int) Math.min(Integer.MAX_VALUE, 1 + varIntSize(remaining) + remaining);
    }

    static int varIntSize(long value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static MqttFixedHeader fixed(MqttMessageType type, int qos) {
        return new MqttFixedHeader(type, false, MqttQoS.valueOf(qos), false, 0);
    }

    private static MqttProperties reasonString(String reason) {
        if (reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reason));
        return props;
    }
}
