package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real Paho clients against a server that only speaks MQTT 3.1.1. */
class ProtocolFallbackTest {

    @ParameterizedTest
    @EnumSource(Mqtt311OnlyServer.Refusal.class)
    void a_server_refusing_mqtt5_gets_mqtt_3_1_1_and_the_device_works(Mqtt311OnlyServer.Refusal refusal)
            throws Exception {
        try (Mqtt311OnlyServer server = new Mqtt311OnlyServer(refusal);
                MillwrightDevice device = MillwrightDevice.builder()
                        .server(server.address())
                        .name("legacy-1")
                        .token("secret")
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
                        .build()) {
            device.connect().get(20, TimeUnit.SECONDS);

            assertThat(device.protocol()).contains(MqttProtocol.V3_1_1);
            assertThat(server.protocolLevels).containsExactly(5, 4);

            device.sendTelemetry(Map.of("temperature", 20.5)).get(10, TimeUnit.SECONDS);
            assertThat(server.received)
                    .extracting(Mqtt311OnlyServer.Received::topic)
                    .containsExactly("devices/legacy-1/telemetry");
            assertThat(server.received.get(0).payload()).contains("\"temperature\":20.5");
        }
    }
}
