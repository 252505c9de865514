package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlatformHooksIT {

    static TestBroker broker;
    static final Map<String, CompletableFuture<PublishOutcome>> stages = new ConcurrentHashMap<>();
    static final List<InboundPublish> intercepted = new CopyOnWriteArrayList<>();
    static final List<DeliveryListener.Delivery> deliveries = new CopyOnWriteArrayList<>();
    static final List<String> connections = new CopyOnWriteArrayList<>();
    static final List<String> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.receiveMaximum(4), publish -> {
            if (!publish.topic().startsWith("devices/pump-1/telemetry")) {
                return Optional.empty();
            }
            intercepted.add(publish);
            CompletableFuture<PublishOutcome> stage = new CompletableFuture<>();
            stages.put(new String(publish.payload()), stage);
            return Optional.of(stage);
        });
        broker.broker.addDeliveryListener(deliveries::add);
        broker.broker.addSubscriptionListener((client, filter) -> subscriptions.add(client.clientId() + " " + filter));
        broker.broker.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(ClientInfo client) {
                connections.add("+" + client.clientId() + "/" + client.protocolVersion());
            }

            @Override
            public void disconnected(ClientInfo client) {
                connections.add("-" + client.clientId());
            }
        });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void puback_is_sent_only_when_the_interceptor_stage_completes() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "tele-1", "pump-1");
            c.publish("devices/pump-1/telemetry", 1, 9, "t1", MqttProperties.NO_PROPERTIES);
            await().until(() -> stages.containsKey("t1"));
            assertThat(c.receive(200))
                    .as("no PUBACK before the stage completes")
                    .isNull();
            stages.get("t1").complete(PublishOutcome.accepted());
            var ack = (MqttPubReplyMessageVariableHeader)
                    c.expect(MqttMessageType.PUBACK).variableHeader();
            assertThat(ack.messageId()).isEqualTo(9);
            assertThat(ack.reasonCode()).isZero();
            assertThat(intercepted).anySatisfy(p -> {
                assertThat(p.principal()).isInstanceOf(Principal.Device.class);
                assertThat(p.clientId()).isEqualTo("tele-1");
            });
        }
    }

    @Test
    void acks_keep_arrival_order_and_carry_failure_codes() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "tele-2", "pump-1");
            c.publish("devices/pump-1/telemetry", 1, 1, "o1", MqttProperties.NO_PROPERTIES);
            c.publish("devices/pump-1/telemetry", 1, 2, "o2", MqttProperties.NO_PROPERTIES);
            await().until(() -> stages.containsKey("o1") && stages.containsKey("o2"));
            stages.get("o2").complete(PublishOutcome.failed(0x97, "quota"));
            assertThat(c.receive(200)).isNull();
            stages.get("o1").complete(PublishOutcome.accepted());
            var first = (MqttPubReplyMessageVariableHeader)
                    c.expect(MqttMessageType.PUBACK).variableHeader();
            var second = (MqttPubReplyMessageVariableHeader)
                    c.expect(MqttMessageType.PUBACK).variableHeader();
            assertThat(first.messageId()).isEqualTo(1);
            assertThat(second.messageId()).isEqualTo(2);
            assertThat(second.reasonCode() & 0xFF).isEqualTo(0x97);
        }
    }

    @Test
    void client_exceeding_receive_maximum_gets_disconnect_0x93() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "tele-3", "pump-1");
            for (int i = 1; i <= 5; i++) {
                c.publish("devices/pump-1/telemetry", 1, i, "rm" + i, MqttProperties.NO_PROPERTIES);
            }
            var d = c.expect(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x93);
        }
    }

    @Test
    void platform_publish_reaches_subscribers_and_reports_the_acknowledgement() {
        try (RawClient device = new RawClient(broker.port())) {
            device.connect(MqttVersion.MQTT_5, "cmd-1", "pump-1");
            device.subscribe(1, "devices/pump-1/commands", 1);
            device.expect(MqttMessageType.SUBACK);
            int routed = broker.broker.publish(
                    "tenant-a",
                    "devices/pump-1/commands",
                    TestBroker.bytes("reboot"),
                    1,
                    false,
                    new MessageProperties(null, null, null, null, TestBroker.bytes("cmd-42"), List.of()));
            assertThat(routed).isEqualTo(1);
            var p = (MqttPublishMessage) device.expect(MqttMessageType.PUBLISH);
            assertThat(RawClient.text(p)).isEqualTo("reboot");
            device.send(MqttMessageBuilders.pubAck()
                    .packetId(p.variableHeader().packetId())
                    .build());
            await().until(() -> deliveries.stream()
                    .anyMatch(d -> d.clientId().equals("cmd-1") && new String(d.correlationData()).equals("cmd-42")));
        }
        assertThat(broker.broker.publish("tenant-b", "devices/pump-1/commands", TestBroker.bytes("x"), 1, false, null))
                .as("another tenant's namespace has no such subscriber")
                .isZero();
    }

    @Test
    void connection_listener_and_platform_disconnect() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "kick-me", "pump-2");
            await().until(() -> connections.contains("+kick-me/5"));
            int kicked = broker.broker.disconnect(
                    p -> p instanceof Principal.Device d && d.name().equals("pump-2"));
            assertThat(kicked).isEqualTo(1);
            var d = c.expect(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x98);
            await().until(() -> connections.contains("-kick-me"));
        }
    }

    @Test
    void metrics_count_connections_and_messages() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "metrics-1", "pump-1");
            c.publish("devices/pump-1/status", 1, 1, "up", MqttProperties.NO_PROPERTIES);
            c.expect(MqttMessageType.PUBACK);
            assertThat(broker.meters.get("mqtt.connections").gauge().value()).isPositive();
        }
        assertThat(broker.meters.get("mqtt.messages.received").counter().count())
                .isPositive();
        assertThat(broker.meters.get("mqtt.connections").gauge().value()).isNotNegative();
    }

    @Test
    void subscription_listener_hears_each_granted_filter_as_sent_after_the_suback() {
        try (RawClient c = new RawClient(broker.port())) {
            c.connect(MqttVersion.MQTT_5, "hooked-sub", "pump-1");
            c.send(MqttMessageBuilders.subscribe()
                    .messageId(3)
                    .addSubscription(io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, "devices/pump-1/twin/desired")
                    .addSubscription(io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, "devices/pump-2/#")
                    .addSubscription(io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, "v1/devices/me/rpc/request/+")
                    .build());
            var suback = (io.netty.handler.codec.mqtt.MqttSubAckMessage) c.expect(MqttMessageType.SUBACK);
            assertThat(suback.payload().reasonCodes()).containsExactly(1, 0x87, 0);
            await().until(() -> subscriptions.stream()
                    .filter(s -> s.startsWith("hooked-sub "))
                    .toList()
                    .equals(List.of(
                            "hooked-sub devices/pump-1/twin/desired", "hooked-sub v1/devices/me/rpc/request/+")));
        }
    }
}
