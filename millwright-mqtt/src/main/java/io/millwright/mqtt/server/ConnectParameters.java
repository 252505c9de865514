package io.millwright.mqtt.server;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * A validated CONNECT with the client identifier to use.
 *
 * @param assigned whether the broker assigned {@code clientId} because the client sent an empty one [MQTT-3.1.3-6]
 */
record ConnectParameters(MqttConnectMessage connect, String clientId, boolean assigned) {

    int version() {
        return connect.variableHeader().version();
    }

    boolean v5() {
        return version() == 5;
    }

    boolean cleanStart() {
        return connect.variableHeader().isCleanSession();
    }

    int keepAlive() {
        return connect.variableHeader().keepAliveTimeSeconds();
    }

    MqttProperties properties() {
        return connect.variableHeader().properties();
    }

    boolean hasWill() {
        return connect.variableHeader().isWillFlag();
    }

    String willTopic() {
        return connect.payload().willTopic();
    }

    byte[] willPayload() {
        byte[] payload = connect.payload().willMessageInBytes();
        return payload == null ? new byte[0] : payload;
    }

    int willQos() {
        return connect.variableHeader().willQos();
    }

    boolean willRetain() {
        return connect.variableHeader().isWillRetain();
    }

    MqttProperties willProperties() {
        MqttProperties p = connect.payload().willProperties();
        return p == null ? MqttProperties.NO_PROPERTIES : p;
    }
}
