package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.auth.Principal;
import io.millwright.http.ApiFixture.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live telemetry over Server-Sent Events and WebSocket, with real clients. Each test ends with every subscription
 * cancelled, so the next one starts from zero.
 */
class TelemetryStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PlatformFixture platform;
    private static String operator;
    private static String viewer;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start();
        operator = platform.userWithRole("otto", "operator");
        viewer = platform.userWithRole("val", "viewer");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String telemetryOf(Principal.Device device) {
        return "/api/v1/devices/" + device.deviceId() + "/telemetry";
    }

    private static void write(Principal.Device device, String body) {
        Response r = platform.post(telemetryOf(device), operator, json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /** An open SSE stream whose lines are collected as they arrive. */
    private record SseStream(HttpResponse<Stream<String>> response, List<String> lines) implements AutoCloseable {

        static SseStream open(String path, String bearer) throws Exception {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(platform.uri(path)).header("Accept", "text/event-stream");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<Stream<String>> response = platform.client()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .get(10, TimeUnit.SECONDS);
            List<String> lines = new CopyOnWriteArrayList<>();
            if (response.statusCode() == 200) {
                CompletableFuture.runAsync(() -> {
                    try {
                        response.body().forEach(lines::add);
                    } catch (RuntimeException e) {
                        // the test closed the stream
                    }
                });
            }
            return new SseStream(response, lines);
        }

        /** The JSON data of every {@code telemetry} event so far. */
        List<JsonNode> events() {
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).equals("event: telemetry") && lines.get(i + 1).startsWith("data: ")) {
                    events.add(parse(lines.get(i + 1).substring("data: ".length())));
                }
            }
            return events;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void sse_delivers_points_committed_after_subscribing_then_cleans_up_on_disconnect() throws Exception {
        Principal.Device device = platform.device("sse-1");
        try (SseStream stream = SseStream.open(telemetryOf(device) + "/stream?keys=temperature", viewer)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() == 1);

            write(device, "{'ts':1732200000000,'values':{'temperature':21.5,'humidity':40}}");
            write(device, "{'humidity':41}");
            write(device, "{'temperature':22}");

            await().atMost(WAIT).until(() -> stream.events().size() == 2);
            JsonNode first = stream.events().get(0);
            assertThat(first.get("ts").asLong()).isEqualTo(1732200000000L);
            assertThat(first.get("values").toString()).isEqualTo("{\"temperature\":21.5}");
            assertThat(stream.events().get(1).get("values").get("temperature").asInt())
                    .isEqualTo(22);
            await().atMost(WAIT).until(() -> stream.lines().contains(": heartbeat"));
        }
        await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() == 0);
    }

    @Test
    void sse_accepts_the_token_as_a_query_parameter_for_event_source() throws Exception {
        Principal.Device device = platform.device("sse-2");
        try (SseStream stream = SseStream.open(telemetryOf(device) + "/stream?access_token=" + viewer, null)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() > 0);

            write(device, "{'a':1}");

            await().atMost(WAIT).until(() -> stream.events().size() == 1);
            assertThat(stream.events().get(0).get("values").get("a").asInt()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() == 0);
    }

    @Test
    void sse_refuses_before_streaming() {
        Principal.Device device = platform.device("sse-3");
        String stream = telemetryOf(device) + "/stream";

        platform.get(stream, null).assertProblem(401);
        platform.get(stream + "?access_token=not-a-token", null).assertProblem(401);
        platform.get(stream + "?keys=bad%20key", viewer).assertInvalid("keys");
        platform.get("/api/v1/devices/" + platform.foreignDevice("sse-foreign") + "/telemetry/stream", viewer)
                .assertProblem(404);
    }

    @Test
    void websocket_delivers_points_as_json_frames_and_cleans_up_on_close() throws Exception {
        Principal.Device device = platform.device("ws-1");
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = platform.client()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + viewer)
                .buildAsync(wsUri(device, "?keys=a"), collector(frames))
                .get(10, TimeUnit.SECONDS);
        // The subscription is registered after the upgrade completes: write until the stream has seen a point.
        await().atMost(WAIT).until(() -> {
            write(device, "[{'ts':1732200000000,'values':{'a':1,'b':2}},{'b':3}]");
            return !frames.isEmpty();
        });
        JsonNode frame = parse(frames.get(0));
        assertThat(frame.get("ts").asLong()).isEqualTo(1732200000000L);
        assertThat(frame.get("values").toString()).isEqualTo("{\"a\":1}");

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() == 0);
    }

    @Test
    void websocket_accepts_the_token_as_a_query_parameter_and_refuses_without_one() throws Exception {
        Principal.Device device = platform.device("ws-2");
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = platform.client()
                .newWebSocketBuilder()
                .buildAsync(wsUri(device, "?access_token=" + viewer), collector(frames))
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> {
            write(device, "{'a':5}");
            return !frames.isEmpty();
        });
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> platform.telemetry.subscriptions() == 0);

        CompletableFuture<WebSocket> refused =
                platform.client().newWebSocketBuilder().buildAsync(wsUri(device, ""), collector(frames));
        assertThat(handshakeStatus(refused)).isEqualTo(401);
        CompletableFuture<WebSocket> foreign = platform.client()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + viewer)
                .buildAsync(
                        URI.create(platform.uri(
                                        "/api/v1/devices/" + platform.foreignDevice("ws-foreign") + "/telemetry/ws")
                                .toString()
                                .replaceFirst("^http", "ws")),
                        collector(frames));
        assertThat(handshakeStatus(foreign)).isEqualTo(404);
    }

    private static int handshakeStatus(CompletableFuture<WebSocket> attempt) {
        try {
            attempt.join();
            throw new AssertionError("the handshake succeeded");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private static URI wsUri(Principal.Device device, String query) {
        return URI.create(
                platform.uri(telemetryOf(device) + "/ws" + query).toString().replaceFirst("^http", "ws"));
    }

    private static WebSocket.Listener collector(List<String> frames) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }
}
