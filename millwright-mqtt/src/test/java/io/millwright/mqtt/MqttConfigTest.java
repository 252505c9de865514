package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MqttConfigTest {

    @Test
    void defaults_are_documented_values() {
        MqttConfig c = MqttConfig.defaults();
        assertThat(c.port()).isEqualTo(1883);
        assertThat(c.wsPort()).isEqualTo(8083);
        assertThat(c.allowAnonymous()).isFalse();
        assertThat(c.maxKeepAlive()).isEqualTo(300);
        assertThat(c.queueOverflow()).isEqualTo(MqttConfig.QueueOverflow.DROP_OLDEST);
    }

    @Test
    void invalid_values_are_rejected_with_the_field_name() {
        assertThatThrownBy(() -> MqttConfig.builder().port(70_000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> MqttConfig.builder().receiveMaximum(0).build()).hasMessageContaining("receiveMaximum");
        assertThatThrownBy(() ->
                        MqttConfig.builder().denySubscribe(List.of("a/#/b")).build())
                .hasMessageContaining("deny-subscribe");
        assertThatThrownBy(() -> MqttConfig.builder().maxClientIdLength(10).build())
                .hasMessageContaining("maxClientIdLength");
    }

    @Test
    void to_builder_round_trips() {
        MqttConfig c =
                MqttConfig.builder().maxKeepAlive(60).allowAnonymous(true).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }
}
