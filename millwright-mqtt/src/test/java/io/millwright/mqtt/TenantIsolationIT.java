package io.millwright.mqtt;

import static io.millwright.mqtt.TestBroker.bytes;
import static io.millwright.mqtt.TestBroker.publishes;
import static io.millwright.mqtt.TestBroker.receive;
import static io.millwright.mqtt.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantIsolationIT {

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
    void a_client_never_sees_messages_of_another_tenant_whatever_its_filter() {
        var bob = broker.v5Connected("bob");
        var bobReceived = publishes(bob);
        bob.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        var alice2 = broker.v5Connected("alice2");
        var aliceReceived = publishes(alice2);
        alice2.subscribeWith().topicFilter("iso/#").qos(MqttQos.AT_LEAST_ONCE).send();

        var alice = broker.v5Connected("alice");
        alice.publishWith()
                .topic("iso/secret")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("a"))
                .send();

        assertThat(text(receive(aliceReceived))).isEqualTo("a");
        assertThat(receive(bobReceived, 300)).isEmpty();
        bob.disconnect();
        alice.disconnect();
        alice2.disconnect();
    }

    @Test
    void retained_messages_are_per_tenant() {
        var alice = broker.v5Connected("alice");
        alice.publishWith()
                .topic("iso/retained")
                .retain(true)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("r"))
                .send();
        var bob = broker.v5Connected("bob");
        var bobReceived = publishes(bob);
        bob.subscribeWith().topicFilter("iso/#").send();
        assertThat(receive(bobReceived, 300)).isEmpty();
        var alice2 = broker.v5Connected("alice2");
        var aliceReceived = publishes(alice2);
        alice2.subscribeWith().topicFilter("iso/retained").send();
        assertThat(receive(aliceReceived).isRetain()).isTrue();
        alice.disconnect();
        bob.disconnect();
        alice2.disconnect();
    }

    @Test
    void the_same_client_id_in_two_tenants_are_two_sessions() {
        var alice = broker.v5("same-id");
        alice.connectWith()
                .simpleAuth()
                .username("alice")
                .password(bytes(TestAuthenticator.PASSWORD))
                .applySimpleAuth()
                .send();
        var bob = broker.v5("same-id");
        bob.connectWith()
                .simpleAuth()
                .username("bob")
                .password(bytes(TestAuthenticator.PASSWORD))
                .applySimpleAuth()
                .send();
        var received = publishes(alice);
        alice.subscribeWith().topicFilter("same/id").send();
        alice.publishWith().topic("same/id").payload(bytes("still here")).send();
        assertThat(text(receive(received))).isEqualTo("still here");
        assertThat(alice.getState().isConnected()).isTrue();
        alice.disconnect();
        bob.disconnect();
    }
}
