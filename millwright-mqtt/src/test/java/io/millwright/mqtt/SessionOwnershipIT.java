package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import io.millwright.core.broker.SessionOwner;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A session belongs to the principal that created it: another principal of the tenant cannot take it over. */
class SessionOwnershipIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(b -> b.allowAnonymous(true).defaultTenantId("tenant-a"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static MqttProperties expiry(int seconds) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, seconds));
        return p;
    }

    private static int code(MqttConnAckMessage ack) {
        return ack.variableHeader().connectReturnCode().byteValue() & 0xFF;
    }

    @Test
    void another_principal_cannot_take_over_a_connected_session() {
        try (RawClient owner = new RawClient(broker.port());
                RawClient thief = new RawClient(broker.port())) {
            assertThat(code(owner.connect(MqttVersion.MQTT_5, "owned-1", "alice")))
                    .isZero();
            assertThat(code(thief.connect(MqttVersion.MQTT_5, "owned-1", "alice2")))
                    .isEqualTo(0x87);
            assertThat(thief.closedByServer()).isTrue();
            owner.sendBytes(0xC0, 0x00); // PINGREQ
            owner.expect(MqttMessageType.PINGRESP);
        }
    }

    @Test
    void another_principal_cannot_resume_an_offline_session_v5_and_v3() {
        try (RawClient owner = new RawClient(broker.port())) {
            owner.connect(MqttVersion.MQTT_5, "owned-2", "alice", b -> b.properties(expiry(600)));
            owner.subscribe(1, "owned/#", 1);
            owner.expect(MqttMessageType.SUBACK);
            owner.send(MqttMessageBuilders.disconnect().build());
        }
        try (RawClient thief = new RawClient(broker.port())) {
            assertThat(code(thief.connect(MqttVersion.MQTT_5, "owned-2", "alice2", b -> b.cleanSession(false))))
                    .isEqualTo(0x87);
        }
        try (RawClient thief = new RawClient(broker.port())) {
            assertThat(code(thief.connect(MqttVersion.MQTT_3_1_1, "owned-2", "pump-1", b -> b.cleanSession(true))))
                    .isEqualTo(5);
        }
        try (RawClient owner = new RawClient(broker.port())) {
            var ack = owner.connect(
                    MqttVersion.MQTT_5,
                    "owned-2",
                    "alice",
                    b -> b.cleanSession(false).properties(expiry(600)));
            assertThat(code(ack)).isZero();
            assertThat(ack.variableHeader().isSessionPresent()).isTrue();
        }
    }

    @Test
    void the_same_client_id_in_another_tenant_is_another_session() {
        try (RawClient a = new RawClient(broker.port());
                RawClient b = new RawClient(broker.port())) {
            assertThat(code(a.connect(MqttVersion.MQTT_5, "owned-3", "alice"))).isZero();
            assertThat(code(b.connect(MqttVersion.MQTT_5, "owned-3", "bob"))).isZero();
        }
    }

    @Test
    void anonymous_clients_share_client_ids_among_themselves() {
        try (RawClient first = new RawClient(broker.port());
                RawClient second = new RawClient(broker.port())) {
            assertThat(code(first.connect(MqttVersion.MQTT_3_1_1, "anon-1", null)))
                    .isZero();
            assertThat(code(second.connect(MqttVersion.MQTT_3_1_1, "anon-1", null)))
                    .isZero();
            assertThat(first.closedByServer()).as("taken over").isTrue();
        }
    }

    @Test
    void ownership_survives_a_restart() {
        InMemorySessionStore sessions = new InMemorySessionStore();
        MqttConfig config =
                MqttConfig.builder().host("127.0.0.1").port(0).wsPort(-1).build();
        MqttBroker first = new MqttBroker(
                config,
                new TestAuthenticator(),
                PublishInterceptor.NONE,
                sessions,
                new InMemoryRetainedMessageStore(),
                new SimpleMeterRegistry());
        int port = first.start().mqttPort();
        try (RawClient owner = new RawClient(port)) {
            owner.connect(MqttVersion.MQTT_5, "owned-4", "alice", b -> b.properties(expiry(600)));
            owner.send(MqttMessageBuilders.disconnect().build());
        }
        first.stop();
        assertThat(sessions.loadAll())
                .singleElement()
                .satisfies(s -> assertThat(s.owner()).isEqualTo(new SessionOwner(SessionOwner.Kind.USER, "alice")));

        MqttBroker second = new MqttBroker(
                config,
                new TestAuthenticator(),
                PublishInterceptor.NONE,
                sessions,
                new InMemoryRetainedMessageStore(),
                new SimpleMeterRegistry());
        port = second.start().mqttPort();
        try (RawClient thief = new RawClient(port)) {
            assertThat(code(thief.connect(MqttVersion.MQTT_5, "owned-4", "alice2", b -> b.cleanSession(false))))
                    .isEqualTo(0x87);
        } finally {
            second.stop();
        }
    }
}
