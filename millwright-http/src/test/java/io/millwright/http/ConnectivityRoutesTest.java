package io.millwright.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.http.ApiFixture.Response;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectivityRoutesTest {

    private static PlatformFixture platform;
    private static String viewer;

    @BeforeAll
    static void start() {
        platform = PlatformFixture.start();
        viewer = platform.userWithRole("val", "viewer");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String connectivityOf(Principal.Device device) {
        return "/api/v1/devices/" + device.deviceId() + "/connectivity";
    }

    @Test
    void a_device_that_never_connected_is_offline_with_unknown_times() {
        Principal.Device device = platform.device("never-1");

        Response r = platform.get(connectivityOf(device), viewer);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode state = r.json();
        assertThat(state.get("online").asBoolean()).isFalse();
        for (String field :
                new String[] {"lastSeen", "lastConnectedAt", "lastDisconnectedAt", "remoteAddress", "protocol"}) {
            assertThat(state.get(field).isNull()).as(field).isTrue();
        }
        JsonNode events =
                platform.get(connectivityOf(device) + "/events", viewer).json();
        assertThat(events.get("items")).isEmpty();
        assertThat(events.get("next").isNull()).isTrue();
    }

    @Test
    void state_follows_connects_and_disconnects() {
        Principal.Device device = platform.device("online-1");

        platform.connectivity.connected(device, "c1", "10.0.0.7:51234", "mqtt-5");
        JsonNode online = platform.get(connectivityOf(device), viewer).json();
        assertThat(online.get("online").asBoolean()).isTrue();
        assertThat(online.get("remoteAddress").asText()).isEqualTo("10.0.0.7:51234");
        assertThat(online.get("protocol").asText()).isEqualTo("mqtt-5");
        Instant connectedAt = Instant.parse(online.get("lastConnectedAt").asText());
        assertThat(online.get("lastSeen").asText())
                .isEqualTo(online.get("lastConnectedAt").asText());
        assertThat(online.get("lastDisconnectedAt").isNull()).isTrue();

        platform.connectivity.disconnected(device, "c1", "client disconnect");
        JsonNode offline = platform.get(connectivityOf(device), viewer).json();
        assertThat(offline.get("online").asBoolean()).isFalse();
        assertThat(Instant.parse(offline.get("lastDisconnectedAt").asText())).isAfterOrEqualTo(connectedAt);
        assertThat(offline.get("lastConnectedAt").asText())
                .isEqualTo(online.get("lastConnectedAt").asText());
    }

    @Test
    void events_are_listed_newest_first_and_paged() {
        Principal.Device device = platform.device("flappy-1");
        platform.connectivity.connected(device, "c1", "10.0.0.8:1000", "mqtt-3.1.1");
        platform.connectivity.disconnected(device, "c1", "keep-alive timeout");
        platform.connectivity.connected(device, "c2", "10.0.0.8:1001", "mqtt-3.1.1");
        String events = connectivityOf(device) + "/events";

        JsonNode all = platform.get(events, viewer).json();
        assertThat(all.get("items").findValuesAsText("type")).containsExactly("connected", "disconnected", "connected");
        JsonNode disconnect = all.get("items").get(1);
        assertThat(disconnect.get("reason").asText()).isEqualTo("keep-alive timeout");
        assertThat(disconnect.get("remoteAddress").isNull()).isTrue();
        JsonNode latest = all.get("items").get(0);
        assertThat(latest.get("remoteAddress").asText()).isEqualTo("10.0.0.8:1001");
        assertThat(latest.get("protocol").asText()).isEqualTo("mqtt-3.1.1");

        JsonNode first = platform.get(events + "?limit=2", viewer).json();
        assertThat(first.get("items")).hasSize(2);
        JsonNode rest = platform.get(
                        events + "?limit=2&cursor=" + first.get("next").asText(), viewer)
                .json();
        assertThat(rest.get("items").findValuesAsText("type")).containsExactly("connected");
        assertThat(rest.get("next").isNull()).isTrue();
    }

    @Test
    void events_are_filtered_by_time_in_epoch_millis_or_iso_8601() {
        Principal.Device device = platform.device("ranged-1");
        platform.connectivity.connected(device, "c1", "10.0.0.9:1000", "mqtt-5");
        String events = connectivityOf(device) + "/events";
        JsonNode event = platform.get(events, viewer).json().get("items").get(0);
        Instant at = Instant.parse(event.get("at").asText());

        assertThat(platform.get(events + "?from=" + at.toEpochMilli(), viewer)
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(platform.get(events + "?to=" + at, viewer).json().get("items"))
                .isEmpty();
        assertThat(platform.get(events + "?from=" + at.plusMillis(1), viewer)
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(platform.get(events + "?from=2000-01-01T01:00:00+01:00", viewer)
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(platform.get(
                                events + "?from=2000-01-01T00:00:00Z&to="
                                        + at.plusSeconds(1).toEpochMilli(),
                                viewer)
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void events_reject_bad_query_parameters() {
        String events = connectivityOf(platform.device("badquery-1")) + "/events";

        platform.get(events + "?from=yesterday", viewer).assertInvalid("from");
        platform.get(events + "?to=2030-13-01T00:00:00Z", viewer).assertInvalid("to");
        platform.get(events + "?from=2000&to=1000", viewer).assertInvalid("from");
        platform.get(events + "?limit=1001", viewer).assertInvalid("limit");
        platform.get(events + "?cursor=x", viewer).assertInvalid("cursor");
    }

    @Test
    void unknown_and_foreign_devices_are_404_and_a_token_is_needed() {
        String foreign = "/api/v1/devices/" + platform.foreignDevice("foreign-conn-1") + "/connectivity";
        String unknown = "/api/v1/devices/00000000-0000-0000-0000-000000000000/connectivity";

        for (String connectivity : new String[] {foreign, unknown}) {
            platform.get(connectivity, viewer).assertProblem(404);
            platform.get(connectivity + "/events", viewer).assertProblem(404);
        }
        platform.get(connectivityOf(platform.device("anon-1")), null).assertProblem(401);
    }
}
