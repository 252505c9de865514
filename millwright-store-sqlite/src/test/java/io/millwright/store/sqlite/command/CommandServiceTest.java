package io.millwright.store.sqlite.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandDispatcher;
import io.millwright.core.command.CommandEvent;
import io.millwright.core.command.CommandLimits;
import io.millwright.core.command.CommandRequest;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.command.CommandTransition;
import io.millwright.core.device.Device;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.event.MutableClock;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.DeviceFixtures;
import io.millwright.core.twin.JsonDocuments;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeTransport transport = new FakeTransport();
    private final List<CommandEvent> events = new CopyOnWriteArrayList<>();
    private SqliteDatabase db;
    private CommandService commands;
    private CommandDispatcher dispatcher;
    private Tenant tenant;
    private Device pump;
    private Principal.Device pumpItself;
    private Principal.User operator;
    private Principal.User viewer;
    private Principal.User outsider;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
        DeviceFixtures fixtures = new DeviceFixtures(new SqliteTenantStore(db), new SqliteDeviceStore(db));
        tenant = fixtures.tenant();
        pump = fixtures.device(tenant, "pump-1");
        pumpItself = new Principal.Device(tenant.id(), pump.id(), pump.name());
        operator = new Principal.User(tenant.id(), "u1", "olga", Role.OPERATOR);
        viewer = new Principal.User(tenant.id(), "u2", "victor", Role.VIEWER);
        outsider = new Principal.User(fixtures.tenant().id(), "u3", "mallory", Role.ADMIN);
        startServices(CommandLimits.DEFAULTS);
    }

    private void startServices(CommandLimits limits) {
        commands = new CommandService(new SqliteCommandStore(db), new SqliteDeviceStore(db), limits, clock);
        commands.addListener(events::add);
        dispatcher = new CommandDispatcher(commands, transport, Duration.ofMillis(20));
        dispatcher.start();
    }

    @AfterEach
    void close() {
        dispatcher.stop();
        db.close();
    }

    private static JsonNode json(String text) {
        return JsonDocuments.parse("test", text, 1 << 20);
    }

    private Command create(String method, Integer ttl, Integer timeout, boolean oneway) {
        return commands.create(
                operator, pump.id(), new CommandRequest(method, json("{\"n\":1}"), ttl, timeout, oneway));
    }

    private CommandStatus status(Command command) {
        return commands.get(viewer, pump.id(), command.id()).status();
    }

    private List<CommandStatus> history(Command command) {
        return commands.history(viewer, pump.id(), command.id()).stream()
                .map(CommandTransition::status)
                .toList();
    }

    private void connectPump() {
        transport.connect(tenant.id(), pump.name());
        dispatcher.deviceConnected(tenant.id(), pump.id());
    }

    @Test
    void a_command_to_an_offline_device_is_stored_queued_before_create_returns() {
        Command command = create("reboot", null, null, false);

        assertThat(command.status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(command.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(command.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(commands.get(viewer, pump.id(), command.id())).isEqualTo(command);
        assertThat(events).containsExactly(new CommandEvent.Created(command));
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void a_command_goes_from_queued_through_sent_and_delivered_to_succeeded() {
        connectPump();
        Command command = create("setSpeed", null, null, false);
        await().until(() -> transport.sent.size() == 1);
        assertThat(status(command)).isEqualTo(CommandStatus.SENT);

        transport.last().ack().complete(null);
        await().until(() -> status(command) == CommandStatus.DELIVERED);
        Command done = commands.completeFromDevice(pumpItself, command.id(), "{\"ok\":true,\"result\":{\"rpm\":900}}");

        assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(commands.get(viewer, pump.id(), command.id()).result()).isEqualTo(json("{\"rpm\":900}"));
        assertThat(history(command))
                .containsExactly(
                        CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED, CommandStatus.SUCCEEDED);
        assertThat(events)
                .filteredOn(e -> e instanceof CommandEvent.StatusChanged)
                .extracting(e -> e.command().status())
                .containsExactly(CommandStatus.SENT, CommandStatus.DELIVERED, CommandStatus.SUCCEEDED);
    }

    @Test
    void a_device_error_fails_the_command_even_before_the_ack_is_processed() {
        connectPump();
        Command command = create("selfTest", null, null, false);
        await().until(() -> transport.sent.size() == 1);

        commands.completeFromDevice(pumpItself, command.id(), "{\"ok\":false,\"error\":\"sensor 3 broken\"}");
        transport.last().ack().complete(null);

        Command failed = commands.get(viewer, pump.id(), command.id());
        assertThat(failed.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(failed.error()).isEqualTo("sensor 3 broken");
        assertThat(history(command)).containsExactly(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.FAILED);
    }

    @Test
    void a_one_way_command_ends_when_delivered() {
        connectPump();
        Command command = create("blink", null, null, true);
        await().until(() -> transport.sent.size() == 1);
        transport.last().ack().complete(null);
        await().until(() -> status(command) == CommandStatus.DELIVERED);

        assertThat(commands.get(viewer, pump.id(), command.id()).isFinal()).isTrue();
        assertThatThrownBy(() -> commands.completeFromDevice(pumpItself, command.id(), "{\"ok\":true}"))
                .isInstanceOf(ConflictException.class);
        clock.advance(Duration.ofHours(2));
        dispatcher.sweep();
        assertThat(status(command)).isEqualTo(CommandStatus.DELIVERED);
    }

    @Test
    void a_command_expires_when_its_ttl_passes_before_delivery_and_then_refuses_results() {
        Command command = create("reboot", 60, null, false);

        clock.advance(Duration.ofSeconds(60));
        dispatcher.sweep();

        assertThat(status(command)).isEqualTo(CommandStatus.EXPIRED);
        assertThatThrownBy(() -> commands.completeFromDevice(pumpItself, command.id(), "{\"ok\":true}"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("EXPIRED");
        assertThat(status(command)).isEqualTo(CommandStatus.EXPIRED);
        connectPump();
        create("after", null, null, false);
        await().until(() -> transport.sent.size() == 1);
        assertThat(transport.sentMethods()).containsExactly("after");
    }

    @Test
    void the_scheduler_expires_commands_by_itself() {
        Command command = create("reboot", 5, null, false);

        clock.advance(Duration.ofSeconds(6));

        await().until(() -> status(command) == CommandStatus.EXPIRED);
    }

    @Test
    void a_sent_command_without_result_times_out_and_a_late_result_is_refused() {
        connectPump();
        Command command = create("calibrate", null, 10, false);
        await().until(() -> transport.sent.size() == 1);
        transport.last().ack().complete(null);
        await().until(() -> status(command) == CommandStatus.DELIVERED);

        clock.advance(Duration.ofSeconds(10));
        dispatcher.sweep();

        assertThat(status(command)).isEqualTo(CommandStatus.TIMED_OUT);
        assertThatThrownBy(() -> commands.completeFromDevice(pumpItself, command.id(), "{\"ok\":true}"))
                .isInstanceOf(ConflictException.class);
        assertThat(status(command)).isEqualTo(CommandStatus.TIMED_OUT);
    }

    @Test
    void queued_commands_are_delivered_in_creation_order_when_the_device_connects() {
        for (int i = 0; i < 6; i++) {
            create("step" + i, null, null, false);
        }
        assertThat(transport.sent).isEmpty();

        connectPump();

        await().until(() -> transport.sent.size() == 6);
        assertThat(transport.sentMethods()).containsExactly("step0", "step1", "step2", "step3", "step4", "step5");
    }

    @Test
    void a_failed_delivery_queues_the_command_again_and_retries_it() {
        connectPump();
        Command command = create("reboot", null, null, false);
        await().until(() -> transport.sent.size() == 1);

        transport.last().ack().completeExceptionally(new IllegalStateException("connection lost"));

        await().until(() -> transport.sent.size() == 2);
        transport.last().ack().complete(null);
        await().until(() -> status(command) == CommandStatus.DELIVERED);
        assertThat(history(command))
                .containsExactly(
                        CommandStatus.QUEUED,
                        CommandStatus.SENT,
                        CommandStatus.QUEUED,
                        CommandStatus.SENT,
                        CommandStatus.DELIVERED);
    }

    @Test
    void queued_and_unacknowledged_commands_survive_reopening_the_database() {
        Command first = create("first", null, null, false);
        connectPump();
        await().until(() -> transport.sent.size() == 1);
        transport.disconnect(tenant.id(), pump.name());
        Command second = create("second", null, null, false);
        dispatcher.stop();
        db.close();
        transport.sent.clear();

        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("millwright.db")));
        startServices(CommandLimits.DEFAULTS);
        await().until(() -> status(first) == CommandStatus.QUEUED);
        assertThat(status(second)).isEqualTo(CommandStatus.QUEUED);
        connectPump();

        await().until(() -> transport.sent.size() == 2);
        assertThat(transport.sentMethods()).containsExactly("first", "second");
    }

    @Test
    void await_final_completes_with_the_result_or_with_the_state_when_the_wait_ends() throws Exception {
        connectPump();
        Command answered = create("answered", null, null, false);
        Command silent = create("silent", null, null, false);
        await().until(() -> transport.sent.size() == 2);
        CompletableFuture<Command> forAnswer =
                commands.awaitFinal(viewer, pump.id(), answered.id(), Duration.ofMinutes(1));
        CompletableFuture<Command> forSilence =
                commands.awaitFinal(viewer, pump.id(), silent.id(), Duration.ofMillis(50));

        commands.completeFromDevice(pumpItself, answered.id(), "{\"ok\":true,\"result\":42}");

        assertThat(forAnswer.get().status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(forAnswer.get().result()).isEqualTo(json("42"));
        assertThat(forSilence.get().status()).isEqualTo(CommandStatus.SENT);
        assertThat(commands.awaitFinal(viewer, pump.id(), answered.id(), Duration.ofMinutes(1)))
                .isCompletedWithValueMatching(c -> c.status() == CommandStatus.SUCCEEDED);
    }

    @Test
    void requests_are_validated_against_the_limits() {
        dispatcher.stop();
        CommandLimits small = new CommandLimits(
                20,
                100,
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                2);
        startServices(small);

        for (String bad : List.of("", "1abc", "has space", "a/b", "x".repeat(65))) {
            assertThatThrownBy(() -> create(bad, null, null, false)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> commands.create(
                        operator,
                        pump.id(),
                        new CommandRequest("m", json("{\"text\":\"" + "x".repeat(20) + "\"}"), null, null, false)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("params");
        assertThatThrownBy(() -> create("m", 0, null, false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> create("m", 301, null, false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> create("m", null, 61, false)).isInstanceOf(InvalidInputException.class);
        Command ok = create("ok.name_1-x", 300, 60, false);
        assertThat(ok.expiresAt()).isEqualTo(ok.createdAt().plusSeconds(300));
        create("two", null, null, false);
        assertThatThrownBy(() -> create("three", null, null, false))
                .isInstanceOfSatisfying(
                        LimitExceededException.class,
                        e -> assertThat(e.kind()).isEqualTo(LimitExceededException.Kind.QUOTA));
        assertThatThrownBy(() -> commands.completeFromDevice(pumpItself, ok.id(), "{\"result\":1}"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void viewers_read_operators_create_and_other_tenants_see_nothing() {
        Command command = create("reboot", null, null, false);

        assertThatThrownBy(() -> commands.create(viewer, pump.id(), new CommandRequest("m", null, null, null, false)))
                .isInstanceOf(ForbiddenException.class);
        assertThat(commands.list(viewer, pump.id(), Set.of(), null, 10).items()).containsExactly(command);
        assertThatThrownBy(() -> commands.get(outsider, pump.id(), command.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.list(outsider, pump.id(), Set.of(), null, 10))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.create(outsider, pump.id(), new CommandRequest("m", null, null, null, false)))
                .isInstanceOf(NotFoundException.class);
        Principal.Device impostor = new Principal.Device(tenant.id(), "other-device", "other");
        assertThatThrownBy(() -> commands.completeFromDevice(impostor, command.id(), "{\"ok\":true}"))
                .isInstanceOf(NotFoundException.class);
        assertThat(status(command)).isEqualTo(CommandStatus.QUEUED);
    }
}
