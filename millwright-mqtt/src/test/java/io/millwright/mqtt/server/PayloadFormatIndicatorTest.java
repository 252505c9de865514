package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.broker.MessageProperties;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Payload Format Indicator (MQTT 5.0 section 3.3.2.3.2): a PUBLISH declaring a UTF-8 payload (indicator 1) whose
 * payload is not valid UTF-8 is refused with 0x99 Payload format invalid: PUBACK or PUBREC at QoS 1 or 2, DISCONNECT
 * at QoS 0 where no acknowledgement exists. The message reaches no subscriber.
 */
class PayloadFormatIndicatorTest {

    /** 0xC3 starts a two-byte sequence that 0x28 does not continue. */
    private static final byte[] INVALID_UTF8 = {'o', 'k', (byte) 0xC3, 0x28};

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    private void connect() {
        broker.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId("c1")
                .username("alice")
                .password(new byte[] {1})
                .cleanSession(true)
                .build());
        MqttMessage ack = broker.receive();
        assertThat(((MqttConnAckMessage) ack)
                        .variableHeader()
                        .connectReturnCode()
                        .byteValue())
                .isZero();
    }

    private void subscribe(String filter) {
        broker.send(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.EXACTLY_ONCE, filter)
                .build());
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
    }

    private void publish(MqttQoS qos, int indicator, byte[] payload) {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, indicator));
        broker.send(MqttMessageBuilders.publish()
                .topicName("pfi/x")
                .qos(qos)
                .messageId(qos == MqttQoS.AT_MOST_ONCE ? 0 : 7)
                .properties(props)
                .payload(Unpooled.wrappedBuffer(payload))
                .build());
    }

    private static int replyCode(MqttMessage m) {
        return ((MqttPubReplyMessageVariableHeader) m.variableHeader()).reasonCode() & 0xFF;
    }

    @Test
    void MQTT_3_3_2_3_2_invalidUtf8AtQos1GetsPuback0x99AndIsNotDelivered() {
        connect();
        subscribe("pfi/#");
        publish(MqttQoS.AT_LEAST_ONCE, 1, INVALID_UTF8);
        MqttMessage ack = broker.receive();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(replyCode(ack)).isEqualTo(0x99);
        assertThat(broker.receive()).as("no PUBLISH to the subscriber").isNull();
        assertThat(broker.isOpen()).isTrue();
    }

    @Test
    void MQTT_3_3_2_3_2_invalidUtf8AtQos2GetsPubrec0x99() {
        connect();
        publish(MqttQoS.EXACTLY_ONCE, 1, INVALID_UTF8);
        MqttMessage ack = broker.receive();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
        assertThat(replyCode(ack)).isEqualTo(0x99);
        assertThat(broker.isOpen()).isTrue();
    }

    @Test
    void MQTT_3_3_2_3_2_invalidUtf8AtQos0GetsDisconnect0x99() {
        connect();
        publish(MqttQoS.AT_MOST_ONCE, 1, INVALID_UTF8);
        MqttMessage m = broker.receive();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xFF)
                .isEqualTo(0x99);
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_3_2_4_validUtf8IsDeliveredWithTheIndicatorUnaltered() {
        connect();
        subscribe("pfi/#");
        publish(MqttQoS.AT_LEAST_ONCE, 1, "grüße".getBytes(StandardCharsets.UTF_8));
        List<MqttMessage> out = List.of(broker.receive(), broker.receive());
        MqttPublishMessage delivered = (MqttPublishMessage) out.stream()
                .filter(m -> m.fixedHeader().messageType() == MqttMessageType.PUBLISH)
                .findFirst()
                .orElseThrow();
        assertThat(delivered
                        .variableHeader()
                        .properties()
                        .getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR)
                        .value())
                .isEqualTo(1);
        MqttMessage ack = out.stream()
                .filter(m -> m.fixedHeader().messageType() == MqttMessageType.PUBACK)
                .findFirst()
                .orElseThrow();
        assertThat(replyCode(ack)).isZero();
    }

    @Test
    void indicator0AllowsAnyBytes() {
        connect();
        publish(MqttQoS.AT_LEAST_ONCE, 0, INVALID_UTF8);
        assertThat(replyCode(broker.receive())).isZero();
    }

    @Test
    void section_3_1_3_2_3_willWithInvalidUtf8GetsConnack0x99() {
        MqttProperties willProps = new MqttProperties();
        willProps.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
        broker.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId("c1")
                .username("alice")
                .password(new byte[] {1})
                .willFlag(true)
                .willTopic("pfi/will")
                .willMessage(INVALID_UTF8)
                .willProperties(willProps)
                .build());
        MqttMessage ack = broker.receive();
        assertThat(((MqttConnAckMessage) ack)
                        .variableHeader()
                        .connectReturnCode()
                        .byteValue())
                .isEqualTo((byte) 0x99);
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void overlongFormsAndEncodedSurrogatesAreNotUtf8() {
        MessageProperties utf8 = new MessageProperties(1, null, null, null, null, List.of());
        assertThat(PayloadFormat.isValid(utf8, new byte[0])).isTrue();
        assertThat(PayloadFormat.isValid(utf8, "€ and 😀".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(PayloadFormat.isValid(utf8, new byte[] {(byte) 0xC0, (byte) 0xAF}))
                .as("overlong '/'")
                .isFalse();
        assertThat(PayloadFormat.isValid(utf8, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .as("U+D800 encoded")
                .isFalse();
        assertThat(PayloadFormat.isValid(utf8, new byte[] {(byte) 0xE2, (byte) 0x82}))
                .as("truncated sequence")
                .isFalse();
        assertThat(PayloadFormat.isValid(MessageProperties.NONE, INVALID_UTF8)).isTrue();
    }
}
