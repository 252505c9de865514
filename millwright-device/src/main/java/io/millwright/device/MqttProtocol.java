package io.millwright.device;

/** The MQTT protocol version of a connection. */
public enum MqttProtocol {
    /** MQTT 5.0: negative acknowledgements carry a reason code. */
    V5,
    /** MQTT 3.1.1: the fallback when a server refuses MQTT 5. */
    V3_1_1
}
