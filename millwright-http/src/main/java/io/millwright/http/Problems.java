package io.millwright.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.DomainException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.error.PreconditionFailedException;
import io.millwright.core.error.UnauthenticatedException;
import io.millwright.core.telemetry.TelemetryStorageException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception that escapes a handler into an RFC 9457 problem answer. Domain exceptions map one to one onto
 * statuses; a {@link TelemetryStorageException} is a 503 (the server's fault, worth a retry); Javalin's own (404 unknown
 * route, 405, 413) keep their status; anything else is a 500 whose detail carries
 * only a correlation id, while the stack trace goes to the log.
 */
final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String BEARER_CHALLENGE = "Bearer realm=\"millwright\"";

    private final Json json;

    Problems(Json json) {
        this.json = json;
    }

    /** Answers {@code ctx} with the problem {@code e} stands for. */
    void handle(Exception e, Context ctx) {
        if (e instanceof CompletionException && e.getCause() instanceof Exception cause) {
            handle(cause, ctx);
            return;
        }
        String instance = ctx.path();
        Problem problem;
        if (e instanceof DomainException domain) {
            problem = fromDomain(domain, ctx, instance);
        } else if (e instanceof TelemetryStorageException) {
            // No path in the log: on the device API it holds the device's access token.
            LOG.warn("telemetry storage failed on {}: {}", ctx.method(), e.getMessage());
            problem = Problem.of(
                    ProblemType.UNAVAILABLE,
                    "the telemetry could not be stored (storage failure or shutdown); nothing of this request was"
                            + " stored, retry later",
                    instance);
        } else if (e instanceof HttpResponseException http) {
            problem = fromHttp(http, ctx, instance);
        } else {
            problem = unexpected(e, ctx, instance);
        }
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(json.write(problem));
    }

    private static Problem fromDomain(DomainException e, Context ctx, String instance) {
        String detail = e.getMessage();
        if (e instanceof InvalidInputException invalid) {
            return Problem.invalid(invalid.field(), detail, instance);
        }
        if (e instanceof UnauthenticatedException) {
            boolean sentToken = ctx.header("Authorization") != null;
            ctx.header("WWW-Authenticate", BEARER_CHALLENGE + (sentToken ? ", error=\"invalid_token\"" : ""));
        }
        return Problem.of(typeOf(e), detail, instance);
    }

    /** The problem type of each domain exception; the list is exhaustive over the sealed hierarchy. */
    static ProblemType typeOf(DomainException e) {
        if (e instanceof InvalidInputException) {
            return ProblemType.INVALID_INPUT;
        } else if (e instanceof UnauthenticatedException) {
            return ProblemType.UNAUTHENTICATED;
        } else if (e instanceof ForbiddenException) {
            return ProblemType.FORBIDDEN;
        } else if (e instanceof NotFoundException) {
            return ProblemType.NOT_FOUND;
        } else if (e instanceof ConflictException) {
            return ProblemType.CONFLICT;
        } else if (e instanceof PreconditionFailedException) {
            return ProblemType.PRECONDITION_FAILED;
        } else if (e instanceof LimitExceededException limit) {
            return limit.kind() == LimitExceededException.Kind.SIZE
                    ? ProblemType.CONTENT_TOO_LARGE
                    : ProblemType.TOO_MANY_REQUESTS;
        }
        throw new IllegalStateException(
                "unmapped domain exception " + e.getClass().getName());
    }

    private static Problem fromHttp(HttpResponseException e, Context ctx, String instance) {
        int status = e.getStatus();
        String detail = e.getMessage();
        if (status == HttpStatus.NOT_FOUND.getCode()) {
            detail = "no route " + ctx.method() + " " + instance;
        } else if (status == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            String allowed = String.join(", ", e.getDetails().values());
            ctx.header("Allow", allowed);
            detail = ctx.method() + " is not allowed on " + instance + "; allowed: " + allowed;
        }
        ProblemType type = ProblemType.forStatus(status);
        if (type != null) {
            return Problem.of(type, detail, instance);
        }
        String title = HttpStatus.forStatus(status).getMessage();
        return new Problem("about:blank", title, status, detail, instance, null, null);
    }

    private static Problem unexpected(Exception e, Context ctx, String instance) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("unexpected error {} on {} {}", errorId, ctx.method(), instance, e);
        return Problem.of(
                ProblemType.INTERNAL, "an unexpected error occurred; it has been logged with id " + errorId, instance);
    }
}
