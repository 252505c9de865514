package io.millwright.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.core.command.Command;
import io.millwright.core.command.CommandRequest;
import io.millwright.core.command.CommandStatus;
import io.millwright.core.command.CommandTransition;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the command routes. Unknown request fields are rejected. */
final class CommandJson {

    private CommandJson() {}

    /**
     * {@code POST /api/v1/devices/{id}/commands}. Absent {@code ttlSeconds} and {@code timeoutSeconds} take the
     * service's defaults; absent {@code oneway} is {@code false}; absent {@code params} is {@code {}}.
     */
    record CreateCommandRequest(
            String method, JsonNode params, Integer ttlSeconds, Integer timeoutSeconds, Boolean oneway) {

        CommandRequest toRequest() {
            return new CommandRequest(method, params, ttlSeconds, timeoutSeconds, Boolean.TRUE.equals(oneway));
        }
    }

    /**
     * A command as the API shows it. Times not reached yet ({@code sentAt}, {@code deadlineAt}) are {@code null};
     * {@code result} is set only when SUCCEEDED, {@code error} only when FAILED. {@code history} is present only on
     * the single-command answer.
     */
    record CommandView(
            String id,
            String deviceId,
            String method,
            JsonNode params,
            boolean oneway,
            CommandStatus status,
            Instant createdAt,
            Instant expiresAt,
            Instant sentAt,
            Instant deadlineAt,
            Instant updatedAt,
            JsonNode result,
            String error,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<TransitionView> history) {

        static CommandView of(Command c) {
            return of(c, null);
        }

        static CommandView of(Command c, List<CommandTransition> history) {
            return new CommandView(
                    c.id(),
                    c.device().deviceId(),
                    c.method(),
                    c.params(),
                    c.oneway(),
                    c.status(),
                    c.createdAt(),
                    c.expiresAt(),
                    c.sentAt(),
                    c.deadlineAt(),
                    c.updatedAt(),
                    c.result(),
                    c.error(),
                    history == null
                            ? null
                            : history.stream().map(TransitionView::of).toList());
        }
    }

    /** One step of a command's lifecycle; {@code detail} says why when that is not obvious, else {@code null}. */
    record TransitionView(CommandStatus status, Instant at, String detail) {
        static TransitionView of(CommandTransition t) {
            return new TransitionView(t.status(), t.at(), t.detail());
        }
    }
}
