package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests Jetty refuses before routing still get a problem, not an HTML page. Written raw: clients won't send them. */
class ProtocolErrorTest {

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
    void invalid_uri_encoding_is_a_400_problem() throws IOException {
        String response = raw("GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json");
        assertThat(response).contains("\"status\":400").doesNotContain("<html");
    }

    @Test
    void oversized_headers_are_a_431_problem() throws IOException {
        String response = raw(
                "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json");
        assertThat(response).contains("\"status\":431");
    }

    @Test
    void conflicting_content_lengths_are_a_400_problem() throws IOException {
        String response = raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Content-Length: 6\r\nConnection: close\r\n\r\nabcdef");

        assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json");
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(api.uri("/").getHost(), api.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
