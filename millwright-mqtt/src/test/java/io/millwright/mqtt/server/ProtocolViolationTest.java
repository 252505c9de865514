package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Raw packets that break the protocol: each closes only its own connection, with the reason code the spec names.
 * Byte layouts follow MQTT 5.0 section 2 and 3.
 */
class ProtocolViolationTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void MQTT_3_1_0_1_firstPacketMustBeConnect() {
        broker.sendBytes(
                0xC0, 0x00 // PINGREQ: type 12, remaining length 0
                );
        assertThat(broker.receive()).isNull();
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_0_2_secondConnectIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId("c1")
                .username("alice")
                .password(new byte[] {1})
                .build());
        broker.expectClosedWith(0x82);
    }

    @Test
    void MQTT_3_1_2_3_reservedConnectFlagMustBeZero() {
        broker.sendBytes(
                0x10,
                0x0D, // CONNECT, remaining length 13
                0x00,
                0x04,
                'M',
                'Q',
                'T',
                'T', // protocol name
                0x04, // protocol level 4 (3.1.1)
                0x03, // flags: clean session + RESERVED bit set
                0x00,
                0x3C, // keep alive 60
                0x00,
                0x01,
                'c' // client id "c"
                );
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_2_2_unsupportedProtocolLevelGetsConnack1() {
        broker.sendBytes(
                0x10,
                0x0D, // CONNECT, remaining length 13
                0x00,
                0x04,
                'M',
                'Q',
                'T',
                'T', // protocol name
                0x07, // protocol level 7: unknown
                0x02, // clean session
                0x00,
                0x3C, // keep alive 60
                0x00,
                0x01,
                'c' // client id "c"
                );
        MqttMessage ack = broker.receive();
        assertThat(ack).isInstanceOf(MqttConnAckMessage.class);
        assertThat(((MqttConnAckMessage) ack)
                        .variableHeader()
                        .connectReturnCode()
                        .byteValue())
                .isEqualTo((byte) 1);
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_3_1_4_publishWithQos3IsMalformed() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x36,
                0x05, // PUBLISH with both QoS bits set (QoS 3), remaining length 5
                0x00,
                0x01,
                'a', // topic "a"
                0x00,
                0x01 // packet id
                );
        broker.expectClosedWith(0x81);
    }

    @Test
    void MQTT_1_5_5_remainingLengthOfMoreThanFourBytesIsMalformed() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertThat(broker.disconnectReason()).isEqualTo(0x81);
    }

    @Test
    void packetAboveMaximumPacketSizeGetsDisconnect0x95() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x30, 0x80, 0x10, // PUBLISH QoS 0, remaining length 2048 (> 1024 configured)
                0x00, 0x01, 'a');
        assertThat(broker.disconnectReason()).isEqualTo(0x95);
    }

    @Test
    void MQTT_3_3_2_8_topicAlias0GetsDisconnect0x94() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x32,
                0x0A, // PUBLISH QoS 1, remaining length 10
                0x00,
                0x01,
                'a', // topic "a"
                0x00,
                0x01, // packet id 1
                0x03, // properties length 3
                0x23,
                0x00,
                0x00, // Topic Alias (0x23) = 0
                'x' // payload
                );
        broker.expectClosedWith(0x94);
    }

    @Test
    void MQTT_3_3_2_9_topicAliasAboveTheMaximumGetsDisconnect0x94() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x30, 0x07, 0x00, 0x01, 'a', 0x03, 0x23, 0x7F, 0x7F); // Topic Alias 32639, QoS 0
        assertThat(broker.disconnectReason()).isEqualTo(0x94);
    }

    @Test
    void MQTT_3_8_3_4_noLocalOnASharedSubscriptionIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.send(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(
                        "$share/g/a",
                        new MqttSubscriptionOption(
                                MqttQoS.AT_MOST_ONCE,
                                true,
                                false,
                                MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE))
                .build());
        assertThat(broker.disconnectReason()).isEqualTo(0x82);
    }

    @Test
    void MQTT_3_12_4_1_pingreqIsAnsweredWithPingresp() {
        broker.connect(MqttVersion.MQTT_3_1_1, "c1");
        broker.sendBytes(0xC0, 0x00);
        MqttMessage m = broker.receive();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
    }

    @Test
    void protocolViolationOnV3ClosesWithoutDisconnect() {
        broker.connect(MqttVersion.MQTT_3_1_1, "c1");
        broker.sendBytes(0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01);
        assertThat(broker.receive()).isNull();
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_4_3_3_10_duplicateQos2PublishIsNotRoutedTwice() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.send(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "q2/#")
                .build());
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
        for (int i = 0; i < 2; i++) {
            broker.send(MqttMessageBuilders.publish()
                    .topicName("q2/x")
                    .qos(MqttQoS.EXACTLY_ONCE)
                    .messageId(5)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {42}))
                    .build());
        }
        int publishes = 0;
        int pubrecs = 0;
        for (MqttMessage m = broker.receive(); m != null; m = broker.receive()) {
            publishes += m.fixedHeader().messageType() == MqttMessageType.PUBLISH ? 1 : 0;
            pubrecs += m.fixedHeader().messageType() == MqttMessageType.PUBREC ? 1 : 0;
        }
        assertThat(publishes).isEqualTo(1);
        assertThat(pubrecs).isEqualTo(2);
        broker.send(Packets.pubReply(MqttMessageType.PUBREL, 5, 0, null));
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBCOMP);
    }
}
