package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class HttpConfigTest {

    @Test
    void defaults_bind_all_interfaces_on_8080_with_a_1_mib_body_limit() {
        assertThat(HttpConfig.DEFAULTS.host()).isEqualTo("0.0.0.0");
        assertThat(HttpConfig.DEFAULTS.port()).isEqualTo(8080);
        assertThat(HttpConfig.DEFAULTS.maxRequestBodyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void port_out_of_range_is_rejected_naming_the_key_and_value() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpConfig.DEFAULTS.withPort(70000))
                .withMessageContaining("http.port")
                .withMessageContaining("70000")
                .withMessageContaining("0-65535");
        assertThatIllegalArgumentException().isThrownBy(() -> HttpConfig.DEFAULTS.withPort(-1));
    }

    @Test
    void blank_host_and_bad_body_limit_are_rejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HttpConfig(" ", 80, 1024))
                .withMessageContaining("http.host");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HttpConfig("localhost", 80, 0))
                .withMessageContaining("http.max-request-body-bytes")
                .withMessageContaining("(was 0)");
    }

    @Test
    void port_zero_means_ephemeral() {
        assertThat(HttpConfig.DEFAULTS.withPort(0).port()).isZero();
    }
}
