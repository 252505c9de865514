package io.millwright.mqtt.server;

import io.millwright.core.broker.MessageProperties;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The Payload Format Indicator check (MQTT 5.0 section 3.3.2.3.2): a PUBLISH that declares its payload UTF-8 Encoded
 * Character Data (indicator 1) must carry well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates). The spec
 * lets the receiver answer a mismatch with 0x99 Payload format invalid on the PUBACK or PUBREC, or with a DISCONNECT;
 * the broker acknowledges QoS 1/2 with 0x99 and keeps the connection, and disconnects with 0x99 at QoS 0, where no
 * acknowledgement exists. MQTT 3.1.1 has no indicator, so nothing is checked there.
 */
final class PayloadFormat {

    /** The Reason String sent with 0x99. */
    static final String INVALID = "Payload Format Indicator is 1 but the payload is not valid UTF-8";

    private PayloadFormat() {}

    /** Whether {@code payload} is of the format {@code properties} declare. */
    static boolean isValid(MessageProperties properties, byte[] payload) {
        Integer indicator = properties.payloadFormatIndicator();
        return indicator == null
                || indicator != 1
                || ByteBufUtil.isText(Unpooled.wrappedBuffer(payload), StandardCharsets.UTF_8);
    }
}
