package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void mqtt_and_mqtts_addresses_map_to_paho_uris_with_default_ports() {
        assertThat(ServerAddress.parse("mqtt://localhost").pahoUri()).isEqualTo("tcp://localhost:1883");
        assertThat(ServerAddress.parse("mqtts://broker.example").pahoUri()).isEqualTo("ssl://broker.example:8883");
        assertThat(ServerAddress.parse("mqtt://10.0.0.7:2883").pahoUri()).isEqualTo("tcp://10.0.0.7:2883");
        assertThat(ServerAddress.parse("tcp://h:1").tls()).isFalse();
    }

    @Test
    void other_schemes_and_missing_hosts_are_refused_with_the_accepted_forms() {
        assertThatThrownBy(() -> ServerAddress.parse("http://localhost:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqtt://host:1883");
        assertThatThrownBy(() -> ServerAddress.parse("mqtt://:1883"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }
}
