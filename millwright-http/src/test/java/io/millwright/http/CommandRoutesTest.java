package io.millwright.http;

import static io.millwright.http.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandStatus;
import io.millwright.http.ApiFixture.Response;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CommandRoutesTest {

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

    private static String commandsOf(Principal.Device device) {
        return "/api/v1/devices/" + device.deviceId() + "/commands";
    }

    private static JsonNode create(String commands, String body) {
        Response r = platform.post(commands, operator, json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json();
    }

    private static List<Command> stored(Principal.Device device) {
        return platform.commands
                .list(platform.admin, device.deviceId(), Set.of(), null, 1000)
                .items();
    }

    @Test
    void create_queues_the_command_and_answers_202_with_its_location() {
        Principal.Device device = platform.device("pump-1");

        Response r = platform.post(
                commandsOf(device),
                operator,
                json("{'method':'setSpeed','params':{'rpm':1200},'ttlSeconds':600,'timeoutSeconds':20}"));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode command = r.json();
        String id = command.get("id").asText();
        assertThat(r.header("Location")).isEqualTo(commandsOf(device) + "/" + id);
        assertThat(command.get("deviceId").asText()).isEqualTo(device.deviceId());
        assertThat(command.get("method").asText()).isEqualTo("setSpeed");
        assertThat(command.get("params").get("rpm").asInt()).isEqualTo(1200);
        assertThat(command.get("oneway").asBoolean()).isFalse();
        assertThat(command.get("status").asText()).isEqualTo("QUEUED");
        assertThat(Duration.between(
                        java.time.Instant.parse(command.get("createdAt").asText()),
                        java.time.Instant.parse(command.get("expiresAt").asText())))
                .isEqualTo(Duration.ofSeconds(600));
        assertThat(command.get("sentAt").isNull()).isTrue();
        assertThat(command.get("deadlineAt").isNull()).isTrue();
        assertThat(command.get("result").isNull()).isTrue();
        assertThat(command.get("error").isNull()).isTrue();
        assertThat(command.has("history")).isFalse();
        assertThat(stored(device)).extracting(Command::id).containsExactly(id);
    }

    @Test
    void get_answers_the_command_with_its_history() {
        Principal.Device device = platform.device("history-1");
        String id = create(commandsOf(device), "{'method':'reboot'}").get("id").asText();

        Response r = platform.get(commandsOf(device) + "/" + id, viewer);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode command = r.json();
        assertThat(command.get("id").asText()).isEqualTo(id);
        assertThat(command.get("params").size()).isZero();
        JsonNode history = command.get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("status").asText()).isEqualTo("QUEUED");
        assertThat(history.get(0).get("at").asText())
                .isEqualTo(command.get("createdAt").asText());

        platform.get(commandsOf(device) + "/no-such-command", viewer).assertProblem(404);
    }

    @Test
    void list_filters_by_status_case_insensitively_and_pages() {
        Principal.Device device = platform.device("listed-1");
        String commands = commandsOf(device);
        for (int i = 0; i < 3; i++) {
            create(commands, "{'method':'step" + i + "'}");
        }

        JsonNode queued = platform.get(commands + "?status=queued,sent", viewer).json();
        assertThat(queued.get("items").findValuesAsText("method")).containsExactly("step2", "step1", "step0");
        assertThat(queued.get("next").isNull()).isTrue();
        JsonNode succeeded =
                platform.get(commands + "?status=SUCCEEDED", viewer).json();
        assertThat(succeeded.get("items")).isEmpty();

        JsonNode first = platform.get(commands + "?limit=2", viewer).json();
        assertThat(first.get("items").findValuesAsText("method")).containsExactly("step2", "step1");
        JsonNode second = platform.get(
                        commands + "?limit=2&cursor=" + first.get("next").asText(), viewer)
                .json();
        assertThat(second.get("items").findValuesAsText("method")).containsExactly("step0");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void list_rejects_bad_query_parameters() {
        String commands = commandsOf(platform.device("badquery-1"));

        platform.get(commands + "?status=QUEUED,DONE", viewer).assertInvalid("status");
        platform.get(commands + "?limit=0", viewer).assertInvalid("limit");
        platform.get(commands + "?cursor=abc", viewer).assertInvalid("cursor");
    }

    @Test
    void wait_on_a_command_nobody_answers_ends_with_202_and_the_current_status() {
        Principal.Device device = platform.device("silent-1");

        Response r = platform.post(commandsOf(device) + "?wait=200ms", operator, json("{'method':'ping'}"));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("QUEUED");
        assertThat(r.header("Location"))
                .endsWith("/commands/" + r.json().get("id").asText());
    }

    @Test
    void wait_answers_200_with_the_result_when_the_device_answers_in_time() throws Exception {
        Principal.Device device = platform.device("answering-1");
        platform.connect(device);

        CompletableFuture<Response> answer = platform.postAsync(
                commandsOf(device) + "?wait=10s", operator, json("{'method':'setSpeed','params':{'rpm':5}}"));
        Command delivered = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> stored(device).stream().findFirst().orElse(null),
                        c -> c != null && c.status() == CommandStatus.DELIVERED);
        platform.commands.completeFromDevice(device, delivered.id(), "{\"ok\":true,\"result\":{\"rpm\":5}}");

        Response r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode command = r.json();
        assertThat(command.get("id").asText()).isEqualTo(delivered.id());
        assertThat(command.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(command.get("result").get("rpm").asInt()).isEqualTo(5);
        assertThat(command.get("sentAt").isNull()).isFalse();

        JsonNode history = platform.get(commandsOf(device) + "/" + delivered.id(), viewer)
                .json()
                .get("history");
        assertThat(history.findValuesAsText("status")).containsExactly("QUEUED", "SENT", "DELIVERED", "SUCCEEDED");
    }

    @Test
    void wait_on_a_oneway_command_ends_with_200_once_delivered() {
        Principal.Device device = platform.device("oneway-1");
        platform.connect(device);

        Response r =
                platform.post(commandsOf(device) + "?wait=10s", operator, json("{'method':'blink','oneway':true}"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void invalid_commands_are_400_and_nothing_is_stored() {
        Principal.Device device = platform.device("invalid-1");
        String commands = commandsOf(device);

        platform.post(commands, operator, json("{'params':{}}")).assertInvalid("method");
        platform.post(commands, operator, json("{'method':'9lives'}")).assertInvalid("method");
        platform.post(commands, operator, json("{'method':'go','colour':'red'}"))
                .assertInvalid("colour");
        platform.post(commands, operator, json("{'method':'go','ttlSeconds':0}"))
                .assertInvalid("ttlSeconds");
        platform.post(commands, operator, json("{'method':'go','ttlSeconds':'ten'}"))
                .assertInvalid("ttlSeconds");
        platform.post(commands, operator, json("{'method':'go','timeoutSeconds':999999}"))
                .assertInvalid("timeoutSeconds");
        platform.post(commands, operator, json("{'method':'go','oneway':'yes'}"))
                .assertInvalid("oneway");
        platform.post(commands, operator, json("{'method':'go','ttlSeconds':1.5}"))
                .assertInvalid("ttlSeconds");
        platform.post(commands, operator, "[]").assertProblem(400);
        for (String wait : new String[] {"soon", "10h", "61s", "-1s"}) {
            platform.post(commands + "?wait=" + wait, operator, json("{'method':'go'}"))
                    .assertInvalid("wait");
        }

        assertThat(stored(device)).isEmpty();
    }

    @Test
    void oversized_params_are_413_and_too_many_unfinished_commands_429() {
        Principal.Device device = platform.device("limited-1");
        String commands = commandsOf(device);
        String big = "x".repeat(PlatformFixture.COMMAND_LIMITS.maxParamsBytes());

        platform.post(commands, operator, json("{'method':'go','params':{'blob':'" + big + "'}}"))
                .assertProblem(413);
        assertThat(stored(device)).isEmpty();

        for (int i = 0; i < PlatformFixture.COMMAND_LIMITS.maxUnfinishedPerDevice(); i++) {
            create(commands, "{'method':'go'}");
        }
        platform.post(commands, operator, json("{'method':'go'}")).assertProblem(429);
        assertThat(stored(device)).hasSize(PlatformFixture.COMMAND_LIMITS.maxUnfinishedPerDevice());
    }

    @Test
    void viewer_cannot_create_commands() {
        Principal.Device device = platform.device("guarded-1");

        platform.post(commandsOf(device), viewer, json("{'method':'go'}")).assertProblem(403);

        assertThat(stored(device)).isEmpty();
        assertThat(platform.get(commandsOf(device), viewer).status()).isEqualTo(200);
    }

    @Test
    void unknown_and_foreign_devices_are_404() {
        String foreign = "/api/v1/devices/" + platform.foreignDevice("foreign-cmd-1") + "/commands";
        String unknown = "/api/v1/devices/00000000-0000-0000-0000-000000000000/commands";

        for (String commands : new String[] {foreign, unknown}) {
            platform.post(commands, operator, json("{'method':'go'}")).assertProblem(404);
            platform.get(commands, viewer).assertProblem(404);
            platform.get(commands + "/x", viewer).assertProblem(404);
        }
    }

    @Test
    void a_command_of_another_device_is_404() {
        Principal.Device owner = platform.device("owner-1");
        Principal.Device other = platform.device("other-1");
        String id = create(commandsOf(owner), "{'method':'go'}").get("id").asText();

        platform.get(commandsOf(other) + "/" + id, viewer).assertProblem(404);
    }
}
