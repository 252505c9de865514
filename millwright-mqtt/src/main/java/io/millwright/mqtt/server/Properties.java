package io.millwright.mqtt.server;

import io.millwright.core.broker.MessageProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.ArrayList;
import java.util.List;

/** Reads typed values out of Netty's {@link MqttProperties}. */
final class Properties {

    private Properties() {}

    static int intValue(MqttProperties props, int id, int absent) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? absent : (Integer) p.value();
    }

    /** A four-byte integer property as unsigned (expiry intervals go up to 4294967295). */
    static Long unsignedValue(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : Integer.toUnsignedLong((Integer) p.value());
    }

    static String stringValue(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    static MessageProperties messageProperties(MqttProperties p) {
        if (p.isEmpty()) {
            return MessageProperties.NONE;
        }
        MqttProperties.MqttProperty<?> format = p.getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        MqttProperties.MqttProperty<?> correlation = p.getProperty(MqttProperties.CORRELATION_DATA);
        List<MessageProperties.UserProperty> user = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> up : p.getProperties(MqttProperties.USER_PROPERTY)) {
            if (up instanceof MqttProperties.UserProperty single) {
                user.add(new MessageProperties.UserProperty(single.value().key, single.value().value));
            } else if (up instanceof MqttProperties.UserProperties many) {
                many.value().forEach(pair -> user.add(new MessageProperties.UserProperty(pair.key, pair.value)));
            }
        }
        return new MessageProperties(
                format == null ? null : (Integer) format.value(),
                unsignedValue(p, MqttProperties.PUBLICATION_EXPIRY_INTERVAL),
                stringValue(p, MqttProperties.CONTENT_TYPE),
                stringValue(p, MqttProperties.RESPONSE_TOPIC),
                correlation == null ? null : (byte[]) correlation.value(),
                user);
    }
}
