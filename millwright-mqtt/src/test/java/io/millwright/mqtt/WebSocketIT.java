package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.junit.jupiter.api.Test;

class WebSocketIT {

    @Test
    void mqtt_over_websocket_on_path_mqtt_with_subprotocol_mqtt() {
        try (TestBroker broker = TestBroker.start()) {
            var ws = Mqtt5Client.builder()
                    .identifier("ws-1")
                    .serverHost("127.0.0.1")
                    .serverPort(broker.ports.wsPort())
                    .webSocketConfig()
                    .serverPath("mqtt")
                    .subprotocol("mqtt")
                    .applyWebSocketConfig()
                    .buildBlocking();
            ws.connectWith()
                    .simpleAuth()
                    .username("alice")
                    .password(bytes(TestAuthenticator.PASSWORD))
                    .applySimpleAuth()
                    .send();
            var received = publishes(ws);
            ws.subscribeWith().topicFilter("ws/#").qos(MqttQos.AT_LEAST_ONCE).send();
            var tcp = broker.v5Connected("alice");
            tcp.publishWith()
                    .topic("ws/hello")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("over ws"))
                    .send();
            assertThat(text(receive(received))).isEqualTo("over ws");
            ws.publishWith().topic("ws/self").payload(bytes("x".repeat(20_000))).send();
            assertThat(receive(received).getPayloadAsBytes()).hasSize(20_000);
            ws.disconnect();
            tcp.disconnect();
        }
    }
}
