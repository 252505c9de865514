package io.millwright.core.command;

import static io.millwright.core.command.CommandStatus.DELIVERED;
import static io.millwright.core.command.CommandStatus.EXPIRED;
import static io.millwright.core.command.CommandStatus.FAILED;
import static io.millwright.core.command.CommandStatus.QUEUED;
import static io.millwright.core.command.CommandStatus.SENT;
import static io.millwright.core.command.CommandStatus.SUCCEEDED;
import static io.millwright.core.command.CommandStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millwright.core.event.DeviceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CommandStatusTest {

    @Test
    void the_lifecycle_allows_exactly_the_documented_transitions() {
        assertThat(EnumSet.allOf(CommandStatus.class))
                .allSatisfy(from -> assertThat(
                                EnumSet.allOf(CommandStatus.class).stream().filter(from::canMoveTo))
                        .containsExactlyInAnyOrderElementsOf(
                                switch (from) {
                                    case QUEUED -> EnumSet.of(SENT, EXPIRED);
                                    case SENT -> EnumSet.of(DELIVERED, QUEUED, SUCCEEDED, FAILED, TIMED_OUT);
                                    case DELIVERED -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT);
                                    case SUCCEEDED, FAILED, EXPIRED, TIMED_OUT -> EnumSet.noneOf(CommandStatus.class);
                                }));
    }

    @Test
    void a_one_way_command_is_final_once_delivered_and_takes_no_result() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Command oneway = Command.queued(
                        "c1",
                        new DeviceRef("t", "d", "n"),
                        "blink",
                        JsonNodeFactory.instance.objectNode(),
                        true,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(5),
                        at)
                .sent(at)
                .moved(DELIVERED, at);

        assertThat(oneway.isFinal()).isTrue();
        assertThat(oneway.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(oneway.canMoveTo(TIMED_OUT)).isFalse();
        assertThat(oneway.deadlineAt()).isEqualTo(at.plusSeconds(5));
    }
}
