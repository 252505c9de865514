package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.auth.Principal;
import io.millwright.mqtt.MqttConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A PUBLISH the client may not make (MQTT 5.0 section 3.4.2.1): PUBACK 0x87 Not authorized with an empty property
 * list, no Reason String. Topics starting with '$' are the server's [MQTT-4.7.2-1]; an anonymous client may not publish there.
 */
class PublishRefusalTest {

    private final EmbeddedBroker broker = new EmbeddedBroker(
            MqttConfig.builder().port(0).wsPort(-1).build(), username -> new Principal.Anonymous("t"));

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void section_3_4_2_1_refusedQos1PublishGetsPuback0x87WithoutProperties() {
        broker.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId("anon")
                .username("nobody")
                .cleanSession(true)
                .build());
        assertThat(((MqttConnAckMessage) broker.receive())
                        .variableHeader()
                        .connectReturnCode()
                        .byteValue())
                .isZero();
        broker.send(MqttMessageBuilders.publish()
                .topicName("$TopicA/B")
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(3)
                .payload(Unpooled.EMPTY_BUFFER)
                .build());
        byte[] puback = broker.receiveBytes();
        assertThat(puback)
                .as("PUBACK, remaining length 4: packet id 3, reason code 0x87, property length 0")
                .containsExactly(0x40, 0x04, 0x00, 0x03, 0x87, 0x00);
        assertThat(broker.isOpen()).isTrue();
    }
}
