package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Packets whose bytes or fields are malformed in ways Netty's decoder lets through: {@link MqttFramer} and the
 * connection handlers reject them, closing only that connection, with DISCONNECT 0x81 (malformed) or 0x82 (protocol
 * error) on MQTT 5 (section 4.13). Byte layouts follow MQTT 5.0 sections 2 and 3.
 */
class MalformedPacketTest {

    private final EmbeddedBroker broker = new EmbeddedBroker();

    @AfterEach
    void close() {
        broker.close();
    }

    private int connAckCode() {
        MqttMessage ack = broker.receive();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        return ((MqttConnAckVariableHeader) ack.variableHeader())
                        .connectReturnCode()
                        .byteValue()
                & 0xFF;
    }

    @Test
    void section_4_13_packetShorterThanItsContentDoesNotBorrowTheNextPacket() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x30,
                0x01,
                0x00, // PUBLISH QoS 0, remaining length 1: too short for a topic length
                0xC0,
                0x00 // PINGREQ
                );
        broker.expectClosedWith(0x81);
    }

    @Test
    void section_4_13_shortPacketIsRejectedBeforeTheNextOneArrives() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x82, 0x00); // SUBSCRIBE with remaining length 0: no packet identifier
        broker.expectClosedWith(0x81);
    }

    @Test
    void section_4_13_shortConnectClosesTheConnection() {
        broker.sendBytes(0x10, 0x00, 0xC0, 0x00); // CONNECT with remaining length 0, then PINGREQ
        assertThat(broker.receive()).isNull();
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_8_3_5_reservedSubscriptionOptionBitsAreMalformed() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x82,
                0x07, // SUBSCRIBE, remaining length 7
                0x00,
                0x01, // packet identifier 1
                0x00, // no properties
                0x00,
                0x01,
                'a', // topic filter "a"
                0xC1 // options: QoS 1 with reserved bits 6 and 7 set
                );
        broker.expectClosedWith(0x81);
    }

    @Test
    void MQTT_3_8_3_4_reservedSubscriptionOptionBitsOnV311CloseTheConnection() {
        broker.connect(MqttVersion.MQTT_3_1_1, "c1");
        broker.sendBytes(
                0x82,
                0x06, // SUBSCRIBE, remaining length 6
                0x00,
                0x01, // packet identifier 1
                0x00,
                0x01,
                'a', // topic filter "a"
                0x05 // QoS 1 with reserved bit 2 set
                );
        assertThat(broker.receive()).isNull();
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void section_3_8_3_1_retainHandling3IsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x82,
                0x07, // SUBSCRIBE, remaining length 7
                0x00,
                0x01, // packet identifier 1
                0x00, // no properties
                0x00,
                0x01,
                'a', // topic filter "a"
                0x31 // QoS 1, Retain Handling 3
                );
        broker.expectClosedWith(0x82);
    }

    @Test
    void MQTT_3_8_3_2_subscribeWithoutTopicFilterIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x82, 0x03, 0x00, 0x01, 0x00); // SUBSCRIBE: packet id 1, no properties, no filters
        broker.expectClosedWith(0x82);
    }

    @Test
    void MQTT_3_10_3_2_unsubscribeWithoutTopicFilterIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0xA2, 0x03, 0x00, 0x01, 0x00); // UNSUBSCRIBE: packet id 1, no properties, no filters
        broker.expectClosedWith(0x82);
    }

    @Test
    void section_3_8_2_1_2_subscriptionIdentifierZeroIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0x82,
                0x09, // SUBSCRIBE, remaining length 9
                0x00,
                0x01, // packet identifier 1
                0x02,
                0x0B,
                0x00, // properties: Subscription Identifier 0
                0x00,
                0x01,
                'a', // topic filter "a"
                0x01 // QoS 1
                );
        broker.expectClosedWith(0x82);
    }

    @Test
    void MQTT_3_3_1_2_dupOnQos0PublishIsMalformed() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x38, 0x04, 0x00, 0x01, 't', 0x00); // PUBLISH DUP=1 QoS 0, topic "t", no properties
        broker.expectClosedWith(0x81);
    }

    @Test
    void MQTT_3_3_4_6_publishFromClientWithSubscriptionIdentifierIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, 7));
        broker.send(MqttMessageBuilders.publish()
                .topicName("t")
                .qos(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE)
                .properties(properties)
                .payload(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .build());
        broker.expectClosedWith(0x82);
    }

    @Test
    void section_3_3_2_1_emptyTopicWithoutAliasIsAProtocolError() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(0x30, 0x03, 0x00, 0x00, 0x00); // PUBLISH QoS 0, topic "", no properties
        broker.expectClosedWith(0x82);
    }

    @Test
    void MQTT_3_1_2_11_willQosWithoutWillFlagIsMalformed() {
        broker.sendBytes(
                0x10,
                0x0E, // CONNECT, remaining length 14
                0x00,
                0x04,
                'M',
                'Q',
                'T',
                'T', // protocol name
                0x05, // protocol level 5
                0x0A, // flags: clean start + Will QoS 1, no Will Flag
                0x00,
                0x3C, // keep alive 60
                0x00, // no properties
                0x00,
                0x01,
                'c' // client id "c"
                );
        assertThat(connAckCode()).isEqualTo(0x81);
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void MQTT_3_1_2_15_willRetainWithoutWillFlagOnV311ClosesTheConnection() {
        broker.sendBytes(
                0x10,
                0x0D, // CONNECT, remaining length 13
                0x00,
                0x04,
                'M',
                'Q',
                'T',
                'T', // protocol name
                0x04, // protocol level 4
                0x22, // flags: clean session + Will Retain, no Will Flag
                0x00,
                0x3C, // keep alive 60
                0x00,
                0x01,
                'c' // client id "c"
                );
        assertThat(broker.receive()).isNull();
        assertThat(broker.isOpen()).isFalse();
    }

    @Test
    void wholePacketsInOneReadStillWork() {
        broker.connect(MqttVersion.MQTT_5, "c1");
        broker.sendBytes(
                0xC0,
                0x00, // PINGREQ
                0x82,
                0x07,
                0x00,
                0x01,
                0x00,
                0x00,
                0x01,
                'a', // SUBSCRIBE to "a" at QoS 0 ...
                0x00, // ... (options byte)
                0xC0,
                0x00 // PINGREQ
                );
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
        assertThat(broker.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        assertThat(broker.isOpen()).isTrue();
    }
}
