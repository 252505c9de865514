package io.millwright.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millwright.core.Ids;
import io.millwright.core.common.Page;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import io.millwright.core.twin.DeviceFixtures;
import io.millwright.core.twin.JsonDocuments;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link CommandStore} backend must pass. A backend's test supplies fresh, empty stores. */
public abstract class CommandStoreContract {

    /** Opens fresh, empty stores; called before each test. */
    protected abstract void openStores();

    protected abstract TenantStore tenants();

    protected abstract DeviceStore devices();

    protected abstract CommandStore commands();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private DeviceFixtures fixtures;
    private Tenant tenant;
    private DeviceRef pump;
    private DeviceRef valve;

    @BeforeEach
    void createDevices() {
        openStores();
        fixtures = new DeviceFixtures(tenants(), devices());
        tenant = fixtures.tenant();
        pump = DeviceRef.of(fixtures.device(tenant, "pump"));
        valve = DeviceRef.of(fixtures.device(tenant, "valve"));
    }

    private Command command(DeviceRef device, String method, Instant at) {
        return Command.queued(
                Ids.newId(),
                device,
                method,
                JsonDocuments.parse("params", "{\"speed\":3,\"list\":[1,2]}", 1000),
                false,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                at);
    }

    @Test
    void a_created_command_reads_back_equal_with_its_first_history_entry() {
        Command command = command(pump, "reboot", now);

        commands().create(command);

        assertThat(commands().find(tenant.id(), command.id())).contains(command);
        assertThat(commands().history(tenant.id(), command.id()))
                .containsExactly(new CommandTransition(CommandStatus.QUEUED, now, null));
    }

    @Test
    void transitions_are_compare_and_set_on_the_status_and_recorded() {
        Command command = command(pump, "reboot", now);
        commands().create(command);
        Command sent = command.sent(now.plusSeconds(1));
        Command delivered = sent.moved(CommandStatus.DELIVERED, now.plusSeconds(2));
        Command succeeded = delivered.succeeded(JsonNodeFactory.instance.textNode("done"), now.plusSeconds(3));

        assertThat(commands().transition(sent, CommandStatus.QUEUED, null)).isTrue();
        assertThat(commands().transition(sent.moved(CommandStatus.EXPIRED, now), CommandStatus.QUEUED, "late"))
                .as("the status is no longer QUEUED")
                .isFalse();
        assertThat(commands().transition(delivered, CommandStatus.SENT, null)).isTrue();
        assertThat(commands().transition(succeeded, CommandStatus.DELIVERED, "ok"))
                .isTrue();

        assertThat(commands().find(tenant.id(), command.id())).contains(succeeded);
        assertThat(commands().history(tenant.id(), command.id()))
                .containsExactly(
                        new CommandTransition(CommandStatus.QUEUED, now, null),
                        new CommandTransition(CommandStatus.SENT, now.plusSeconds(1), null),
                        new CommandTransition(CommandStatus.DELIVERED, now.plusSeconds(2), null),
                        new CommandTransition(CommandStatus.SUCCEEDED, now.plusSeconds(3), "ok"));
    }

    @Test
    void failed_commands_keep_their_error() {
        Command command = command(pump, "reboot", now);
        commands().create(command);
        Command sent = command.sent(now);
        commands().transition(sent, CommandStatus.QUEUED, null);
        Command failed = sent.failed("disk full", now.plusSeconds(1));

        commands().transition(failed, CommandStatus.SENT, "disk full");

        assertThat(commands().find(tenant.id(), command.id()).orElseThrow().error())
                .isEqualTo("disk full");
    }

    @Test
    void queued_commands_come_in_creation_order_per_device() {
        List<Command> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Command command = command(i % 2 == 0 ? pump : valve, "m" + i, now);
            commands().create(command);
            created.add(command);
        }
        commands().transition(created.get(2).sent(now), CommandStatus.QUEUED, null);

        assertThat(commands().queued(tenant.id(), pump.deviceId()))
                .extracting(Command::method)
                .containsExactly("m0", "m4");
        assertThat(commands().queued(tenant.id(), valve.deviceId()))
                .extracting(Command::method)
                .containsExactly("m1", "m3");
        assertThat(commands().unfinished()).extracting(Command::method).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(commands().countUnfinished(tenant.id(), pump.deviceId())).isEqualTo(3);
    }

    @Test
    void listing_is_newest_first_filtered_and_paged() {
        for (int i = 0; i < 5; i++) {
            Command command = command(pump, "m" + i, now.plusSeconds(i));
            commands().create(command);
            if (i % 2 == 1) {
                commands().transition(command.sent(now), CommandStatus.QUEUED, null);
            }
        }
        commands().create(command(valve, "other", now));

        Page<Command> first = commands().list(tenant.id(), pump.deviceId(), Set.of(), null, 3);
        Page<Command> second = commands().list(tenant.id(), pump.deviceId(), Set.of(), first.next(), 3);
        Page<Command> sent = commands().list(tenant.id(), pump.deviceId(), Set.of(CommandStatus.SENT), null, 10);

        assertThat(first.items()).extracting(Command::method).containsExactly("m4", "m3", "m2");
        assertThat(second.items()).extracting(Command::method).containsExactly("m1", "m0");
        assertThat(second.next()).isNull();
        assertThat(sent.items()).extracting(Command::method).containsExactly("m3", "m1");
    }

    @Test
    void due_holds_queued_commands_past_their_ttl_and_sent_ones_past_their_deadline() {
        Command waiting = command(pump, "waiting", now);
        Command stale = command(pump, "stale", now.minus(Duration.ofMinutes(11)));
        Command unanswered = command(valve, "unanswered", now.minusSeconds(60));
        Command answered = command(valve, "answered", now.minusSeconds(60));
        List.of(waiting, stale, unanswered, answered).forEach(commands()::create);
        Command sent = unanswered.sent(now.minusSeconds(31));
        commands().transition(sent, CommandStatus.QUEUED, null);
        Command sentToo = answered.sent(now.minusSeconds(31));
        commands().transition(sentToo, CommandStatus.QUEUED, null);
        commands().transition(sentToo.failed("no", now), CommandStatus.SENT, null);

        assertThat(commands().due(now)).extracting(Command::method).containsExactly("stale", "unanswered");
    }

    @Test
    void commands_are_scoped_to_their_tenant_and_deleted_with_their_device() {
        Command command = command(pump, "reboot", now);
        commands().create(command);
        Tenant other = fixtures.tenant();

        assertThat(commands().find(other.id(), command.id())).isEmpty();
        assertThat(commands().history(other.id(), command.id())).isEmpty();
        assertThat(commands()
                        .list(other.id(), pump.deviceId(), Set.of(), null, 10)
                        .items())
                .isEmpty();

        devices().delete(tenant.id(), pump.deviceId());

        assertThat(commands().find(tenant.id(), command.id())).isEmpty();
        assertThat(commands().unfinished()).isEmpty();
    }
}
