package io.millwright.mqtt.gateway;

import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.error.PreconditionFailedException;
import io.millwright.mqtt.PublishOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the domain said about a device message into its acknowledgement (MQTT 5.0 section 3.4.2.1):
 *
 * <ul>
 *   <li>malformed input ({@link InvalidInputException}): 0x99 Payload format invalid;
 *   <li>over a limit or quota ({@link LimitExceededException}): 0x97 Quota exceeded;
 *   <li>not allowed ({@link ForbiddenException}): 0x87 Not authorized;
 *   <li>an unknown or finished command ({@link NotFoundException}, {@link ConflictException}): 0x83 Implementation
 *       specific error;
 *   <li>the gateway is overloaded: 0x97 on MQTT 5; on MQTT 3.1.1 the stage fails, so the broker closes the connection
 *       without acknowledging and the client sends the message again later;
 *   <li>anything else (storage down): the stage fails (0x80 on MQTT 5, unacknowledged on MQTT 3.1.1).
 * </ul>
 *
 * MQTT 3.1.1 has no negative acknowledgement: a refused message is acknowledged and dropped, and logged here.
 */
final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private Outcomes() {}

    /** {@code work}, with domain refusals turned into failure outcomes. */
    static CompletableFuture<PublishOutcome> settle(CompletableFuture<PublishOutcome> work, DevicePublish p) {
        return work.exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            PublishOutcome refused = refusal(cause, p.publish().isV5());
            if (refused == null) {
                LOG.warn(
                        "Could not process {} of {}",
                        p.topic().kind(),
                        p.device().name(),
                        cause);
                return CompletableFuture.failedFuture(cause);
            }
            if (p.publish().isV5()) {
                LOG.debug("Refused {} of {}: {}", p.topic().kind(), p.device().name(), refused.reasonString());
            } else {
                LOG.info(
                        "Dropped {} of {} (MQTT 3.1.1 cannot refuse it): {}",
                        p.topic().kind(),
                        p.device().name(),
                        refused.reasonString());
            }
            return CompletableFuture.completedFuture(refused);
        });
    }

    /** The failure outcome for {@code cause}, or {@code null} when the stage should fail instead. */
    static PublishOutcome refusal(Throwable cause, boolean v5) {
        if (cause instanceof InvalidInputException) {
            return PublishOutcome.failed(0x99, cause.getMessage());
        }
        if (cause instanceof LimitExceededException) {
            return PublishOutcome.failed(0x97, cause.getMessage());
        }
        if (cause instanceof ForbiddenException) {
            return PublishOutcome.failed(0x87, cause.getMessage());
        }
        if (cause instanceof NotFoundException
                || cause instanceof ConflictException
                || cause instanceof PreconditionFailedException) {
            return PublishOutcome.failed(0x83, cause.getMessage());
        }
        if (cause instanceof RejectedExecutionException && v5) {
            return PublishOutcome.failed(0x97, "the server is busy; send again later");
        }
        return null;
    }
}
