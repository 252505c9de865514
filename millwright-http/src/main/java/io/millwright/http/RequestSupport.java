package io.millwright.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.Principal;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.UnauthenticatedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * What every route group needs: bearer authentication, bounded strict body reading, and JSON answers. Stateless and
 * thread-safe; one instance serves all requests.
 *
 * <p>Bodies are read through a counting limit before any parsing, so an oversized body is refused (413) without being
 * buffered whole, whether or not it declares a {@code Content-Length}.
 */
public final class RequestSupport {

    private static final String BEARER = "bearer ";
    /** The query parameter carrying a bearer token where headers cannot be set. */
    static final String ACCESS_TOKEN = "access_token";

    private final AuthService auth;
    private final Json json;
    private final long maxBodyBytes;

    RequestSupport(AuthService auth, Json json, long maxBodyBytes) {
        this.auth = Objects.requireNonNull(auth);
        this.json = Objects.requireNonNull(json);
        this.maxBodyBytes = maxBodyBytes;
    }

    public Json json() {
        return json;
    }

    /**
     * Authenticates the request's {@code Authorization: Bearer <token>} header (session or API token).
     *
     * @throws UnauthenticatedException if the header is missing, not a bearer token, or the token is not valid
     */
    public Principal.User user(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException("this request needs an 'Authorization: Bearer <token>' header");
        }
        if (header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            throw new UnauthenticatedException("the Authorization header must use the Bearer scheme");
        }
        return auth.authenticate(header.substring(BEARER.length()).trim());
    }

    /**
     * Authenticates a streaming request (SSE, WebSocket upgrade): the {@code Authorization: Bearer} header as in
     * {@link #user}, or else the {@code access_token} query parameter (RFC 6750 section 2.3), because browsers'
     * {@code EventSource} and {@code WebSocket} cannot set headers. Prefer short-lived tokens there: URLs end up in logs.
     *
     * @throws UnauthenticatedException if neither is present or the token is not valid
     */
    public Principal.User streamUser(Context ctx) {
        String header = ctx.header("Authorization");
        String token = ctx.queryParam(ACCESS_TOKEN);
        if ((header == null || header.isBlank()) && token != null && !token.isBlank()) {
            return auth.authenticate(token.trim());
        }
        return user(ctx);
    }

    /** Reads the body as {@code type}, strictly (see {@link Json}). */
    public <T> T body(Context ctx, Class<T> type) {
        return json.read(bodyBytes(ctx), type);
    }

    /** Reads the body as a JSON object tree, for partial updates where an absent member differs from null. */
    public JsonNode bodyObject(Context ctx) {
        return json.readObject(bodyBytes(ctx));
    }

    /**
     * The raw body, at most the configured limit.
     *
     * @throws HttpResponseException 415 if a non-JSON {@code Content-Type} is declared
     * @throws LimitExceededException of kind SIZE if the body is larger than the limit
     * @throws InvalidInputException if the body is empty
     */
    public byte[] bodyBytes(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !isJson(contentType)) {
            throw new HttpResponseException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "the request body must be application/json (was '" + contentType + "')");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body;
        try {
            body = readAtMost(ctx.req().getInputStream(), maxBodyBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length == 0) {
            throw new InvalidInputException(null, "a JSON request body is required");
        }
        return body;
    }

    /** Writes {@code value} as {@code application/json} with {@code status}. */
    public void respond(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(json.write(value));
    }

    /** Writes {@code problem} as {@code application/problem+json}, for answers that are errors without an exception. */
    public void problem(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(json.write(problem));
    }

    /**
     * An integer query parameter within bounds.
     *
     * @throws InvalidInputException naming the parameter if it is not an integer within [min, max]
     */
    public int intQuery(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new InvalidInputException(name, name + " must be an integer " + min + "-" + max + " (was '" + raw + "')");
    }

    private LimitExceededException tooLarge() {
        return new LimitExceededException(
                LimitExceededException.Kind.SIZE, "the request body exceeds the limit of " + maxBodyBytes + " bytes");
    }

    private byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            total += n;
            if (total > limit) {
                throw tooLarge();
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        // curl -d sends form-urlencoded unless told otherwise; the body is still parsed (strictly) as JSON, so a
        // newcomer's first curl works and a real form body fails as malformed JSON.
        return mediaType.equals("application/json")
                || mediaType.endsWith("+json")
                || mediaType.equals("application/x-www-form-urlencoded")
                || mediaType.isEmpty();
    }
}
