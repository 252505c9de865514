package io.millwright.mqtt.gateway;

/**
 * Sizing of the gateway's executor (see {@link DeviceLanes}).
 *
 * @param lanes threads running blocking domain calls; a device's work always runs on the same lane, in order. Default:
 *     the number of processors, at least 2
 * @param queuePerLane tasks waiting per lane before new device messages are refused as overload (MQTT 5: PUBACK 0x97;
 *     MQTT 3.1.1: the connection is closed without acknowledgement, so the client resends later). The broker already
 *     bounds what one connection can have waiting (it stops reading a connection with more than Receive Maximum
 *     unacknowledged PUBLISHes), so this is a last-resort bound for many connections at once, not the normal flow
 *     control. Default 50,000
 */
public record GatewayConfig(int lanes, int queuePerLane) {

    public GatewayConfig {
        if (lanes < 1 || lanes > 1024) {
            throw new IllegalArgumentException("lanes must be 1..1024 (was " + lanes + ")");
        }
        if (queuePerLane < 1) {
            throw new IllegalArgumentException("queuePerLane must be positive (was " + queuePerLane + ")");
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(Math.max(2, Runtime.getRuntime().availableProcessors()), 50_000);
    }
}
