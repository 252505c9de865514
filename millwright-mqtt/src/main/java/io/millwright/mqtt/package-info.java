/**
 * The Millwright MQTT 3.1.1 and 5.0 broker.
 *
 * <p>What the platform wires:
 *
 * <ul>
 *   <li>{@link io.millwright.mqtt.MqttBroker}: {@code new MqttBroker(MqttConfig, ClientAuthenticator,
 *       PublishInterceptor, SessionStore, RetainedMessageStore, MeterRegistry)}, then {@code start()} (returns the bound
 *       ports), {@code stop()};
 *   <li>{@link io.millwright.mqtt.MqttConfig}: the typed configuration, with a builder and documented defaults;
 *   <li>{@link io.millwright.mqtt.ClientAuthenticator}: credentials to a {@code Principal} (and device grants);
 *   <li>{@link io.millwright.mqtt.PublishInterceptor}: takes telemetry and other platform-owned PUBLISHes,
 *       acknowledging them only when they are durable;
 *   <li>{@link io.millwright.mqtt.ConnectionListener}, {@link io.millwright.mqtt.DeliveryListener}, {@link
 *       io.millwright.mqtt.SubscriptionListener}: connectivity, outbound acknowledgements, granted subscriptions;
 *       {@code MqttBroker.publish}, {@code publishTo} (one session), {@code subscribers} and {@code disconnect} go the
 *       other way.
 * </ul>
 *
 * <p>Package {@code io.millwright.mqtt.gateway} is the device gateway built on these: the device API topics (twin,
 * commands, ThingsBoard attributes and RPC) connected to the domain services.
 *
 * <p>Package {@code io.millwright.mqtt.server} holds the Netty implementation; its concurrency model is described on
 * {@code SessionRegistry}, its pipeline on {@code MqttChannelInitializer}.
 */
package io.millwright.mqtt;
