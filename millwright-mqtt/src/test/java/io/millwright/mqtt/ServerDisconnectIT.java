package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server DISCONNECT (MQTT 5.0 section 4.13) reaches a client that is still sending: the server half-closes and
 * discards what keeps arriving instead of closing at once, which would make TCP answer with a reset (the Paho
 * interoperability client, answering PUBRECs with PUBRELs after Receive Maximum was exceeded, got "connection reset"
 * and never saw the DISCONNECT 0x93).
 */
class ServerDisconnectIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void section_4_13_disconnect_reaches_a_client_that_keeps_sending() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "linger-1", "alice");
            // PUBLISH QoS 0 to "a" with Topic Alias 0: a protocol violation [MQTT-3.3.2-8]
            c.sendBytes(0x30, 0x07, 0x00, 0x01, 'a', 0x03, 0x23, 0x00, 0x00);
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                c.sendBytes(0xC0, 0x00); // PINGREQs the server no longer answers; must not be refused with a reset
            }
            MqttMessage m = c.receive();
            assertThat(m).isNotNull();
            assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x94);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
