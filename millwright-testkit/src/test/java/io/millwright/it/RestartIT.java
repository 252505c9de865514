package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.testkit.ApiClient;
import io.millwright.testkit.TestPlatform;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart on the same data directory keeps every device, user and API token. */
class RestartIT {

    @Test
    void restart_keeps_devices_users_and_tokens() {
        try (TestPlatform platform = TestPlatform.start()) {
            ApiClient admin = platform.api().loginAsAdmin();
            for (int i = 0; i < 20; i++) {
                admin.createDevice("kept-" + i);
            }
            String apiToken = admin.post("/api/v1/tokens", Map.of("name", "kept"))
                    .json()
                    .path("token")
                    .asText();

            platform.restart();

            ApiClient again = platform.api().withToken(apiToken);
            assertThat(RegistryApiIT.names(
                            again.get("/api/v1/devices?name=kept-").json()))
                    .hasSize(20);
            assertThat(platform.api().loginAsAdmin().get("/api/v1/me").status()).isEqualTo(200);
        }
    }
}
