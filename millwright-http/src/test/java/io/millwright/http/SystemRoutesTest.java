package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.http.ApiFixture.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SystemRoutesTest {

    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void healthz_is_up_without_credentials() {
        Response r = api.get("/healthz", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyz_follows_readiness() {
        api.ready.set(false);
        try {
            api.get("/readyz", null).assertProblem(503);
        } finally {
            api.ready.set(true);
        }
        Response ready = api.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metrics_are_prometheus_text() {
        api.get("/healthz", null);

        Response r = api.get("/metrics", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body()).contains("# TYPE http_server_requests_seconds").contains("uri=\"/healthz\"");
    }

    @Test
    void openapi_document_is_served() {
        Response r = api.get("/api/v1/openapi.json", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("openapi").asText()).startsWith("3.1");
    }
}
