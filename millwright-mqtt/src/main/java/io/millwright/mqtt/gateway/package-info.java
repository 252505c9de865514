/**
 * The device gateway: the MQTT device API (docs/mqtt-device-api.md) on top of the broker's platform hooks. {@link
 * io.millwright.mqtt.gateway.DeviceGateway} is the entry point and draws the flow; {@link
 * io.millwright.mqtt.gateway.DeviceLanes} states the concurrency model; each handler class documents its topics and
 * payloads. Other subsystems plug into it per {@link io.millwright.mqtt.gateway.DeviceTopic.Kind} with a {@link
 * io.millwright.mqtt.gateway.DeviceTopicHandler}.
 */
package io.millwright.mqtt.gateway;
