package io.millwright.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinService;
import io.millwright.http.TwinJson.TwinView;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device twins over HTTP:
 *
 * <pre>
 * GET   /api/v1/devices/{id}/twin           reported, desired, delta, per-key times and versions (viewer)
 * PATCH /api/v1/devices/{id}/twin/desired   JSON Merge Patch (RFC 7396) of the desired document (operator)
 * </pre>
 *
 * <p>Both answers carry {@code ETag: "<desired version>"}. A PATCH with {@code If-Match} applies only if the desired
 * version is still the one given (RFC 9110 section 13.1.1), else it is refused with 412 and nothing changes; {@code *}
 * or no header applies unconditionally. Only a single strong entity tag, quoted or as a bare number, is accepted; any
 * other form is a 400 rather than a silently unconditional write. Patches may be sent as {@code
 * application/merge-patch+json} or {@code application/json}; their size and depth limits are the {@link TwinService}'s.
 */
public final class TwinRoutes implements ApiRoutes {

    static final String TWIN = DeviceRoutes.BASE + "/{id}/twin";
    private static final Pattern ENTITY_TAG = Pattern.compile("\"?([0-9]{1,18})\"?");

    private final TwinService twins;

    public TwinRoutes(TwinService twins) {
        this.twins = Objects.requireNonNull(twins);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.get(TWIN, ctx -> get(support, ctx));
        routes.patch(TWIN + "/desired", ctx -> patchDesired(support, ctx));
    }

    private void get(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        respond(support, ctx, twins.get(user, ctx.pathParam("id")));
    }

    private void patchDesired(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        Optional<Long> expected = expectedVersion(ctx.header("If-Match"));
        JsonNode patch = support.bodyObject(ctx);
        respond(support, ctx, twins.patchDesired(user, ctx.pathParam("id"), patch, expected));
    }

    private static void respond(RequestSupport support, Context ctx, Twin twin) {
        ctx.header("ETag", etag(twin.desired().version()));
        support.respond(ctx, 200, TwinView.of(twin));
    }

    static String etag(long desiredVersion) {
        return "\"" + desiredVersion + "\"";
    }

    /**
     * The desired version an {@code If-Match} header demands: empty when absent or {@code *}.
     *
     * @throws InvalidInputException naming {@code If-Match} for anything but one entity tag of our form
     */
    static Optional<Long> expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return Optional.empty();
        }
        Matcher m = ENTITY_TAG.matcher(ifMatch.trim());
        if (!m.matches() || m.group(0).startsWith("\"") != m.group(0).endsWith("\"")) {
            throw new InvalidInputException(
                    "If-Match",
                    "If-Match must be the twin's ETag, e.g. \"3\" (a desired version), or * (was '" + ifMatch + "')");
        }
        return Optional.of(Long.parseLong(m.group(1)));
    }
}
