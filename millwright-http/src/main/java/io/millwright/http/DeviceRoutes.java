package io.millwright.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.millwright.core.auth.Principal;
import io.millwright.core.common.Page;
import io.millwright.core.device.CreatedDevice;
import io.millwright.core.device.Device;
import io.millwright.core.device.DevicePatch;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.error.InvalidInputException;
import io.millwright.http.DeviceJson.CreateDeviceRequest;
import io.millwright.http.DeviceJson.DeviceView;
import io.millwright.http.DeviceJson.GrantJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The device registry over HTTP:
 *
 * <pre>
 * POST   /api/v1/devices              register; answers the device with its token, once
 * GET    /api/v1/devices              filter (name prefix, type, label k:v) and page by cursor
 * GET    /api/v1/devices/{id}
 * PATCH  /api/v1/devices/{id}         type (null clears), labels, grants; absent members stay
 * DELETE /api/v1/devices/{id}
 * POST   /api/v1/devices/{id}/token   rotate: new token, the old one stops working at once
 * </pre>
 *
 * <p>Cursors are the registry's cursor in base64url, so clients treat them as opaque and they survive any characters
 * in names.
 */
public final class DeviceRoutes implements ApiRoutes {

    static final String BASE = "/api/v1/devices";
    private static final Set<String> PATCH_FIELDS = Set.of("type", "labels", "grants");
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<GrantJson>> GRANTS = new TypeReference<>() {};

    private final DeviceRegistry devices;

    public DeviceRoutes(DeviceRegistry devices) {
        this.devices = Objects.requireNonNull(devices);
    }

    @Override
    public void register(RoutesConfig routes, RequestSupport support) {
        routes.post(BASE, ctx -> create(support, ctx));
        routes.get(BASE, ctx -> list(support, ctx));
        routes.get(BASE + "/{id}", ctx -> get(support, ctx));
        routes.patch(BASE + "/{id}", ctx -> update(support, ctx));
        routes.delete(BASE + "/{id}", ctx -> delete(support, ctx));
        routes.post(BASE + "/{id}/token", ctx -> rotate(support, ctx));
    }

    private void create(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        CreateDeviceRequest request = support.body(ctx, CreateDeviceRequest.class);
        CreatedDevice created = devices.create(user, request.toNewDevice());
        ctx.header("Location", BASE + "/" + created.device().id());
        support.respond(ctx, 201, DeviceView.of(created));
    }

    private void list(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        int limit = support.intQuery(ctx, "limit", DeviceQuery.DEFAULT_LIMIT, 1, DeviceQuery.MAX_LIMIT);
        Page<Device> page = devices.list(
                user,
                emptyToNull(ctx.queryParam("name")),
                emptyToNull(ctx.queryParam("type")),
                labels(ctx.queryParams("label")),
                decodeCursor(ctx.queryParam("cursor")),
                limit);
        List<DeviceView> items = page.items().stream().map(DeviceView::of).toList();
        support.respond(ctx, 200, new ListView<>(items, encodeCursor(page.next())));
    }

    private void get(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        support.respond(ctx, 200, DeviceView.of(devices.get(user, ctx.pathParam("id"))));
    }

    private void update(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        DevicePatch patch = patch(support.json(), support.bodyObject(ctx));
        support.respond(ctx, 200, DeviceView.of(devices.update(user, ctx.pathParam("id"), patch)));
    }

    private void delete(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        devices.delete(user, ctx.pathParam("id"));
        ctx.status(204);
    }

    private void rotate(RequestSupport support, Context ctx) {
        Principal.User user = support.user(ctx);
        support.respond(ctx, 200, DeviceView.of(devices.rotateToken(user, ctx.pathParam("id"))));
    }

    /** Maps a JSON merge-style body onto a patch: absent leaves a member, {@code "type": null} clears the type. */
    static DevicePatch patch(Json json, JsonNode body) {
        Json.requireOnly(body, PATCH_FIELDS, "");
        Optional<Optional<String>> type = Optional.empty();
        if (body.has("type")) {
            JsonNode node = body.get("type");
            if (!node.isNull() && !node.isTextual()) {
                throw new InvalidInputException("type", "type must be a string, or null to clear it");
            }
            type = Optional.of(node.isNull() ? Optional.empty() : Optional.of(node.textValue()));
        }
        Optional<Map<String, String>> labels = Optional.empty();
        if (body.has("labels")) {
            labels = Optional.of(notNull(json.convert(body.get("labels"), LABELS, "labels"), "labels", "an object"));
        }
        Optional<List<GrantJson>> grants = Optional.empty();
        if (body.has("grants")) {
            grants = Optional.of(notNull(json.convert(body.get("grants"), GRANTS, "grants"), "grants", "an array"));
        }
        return new DevicePatch(type, labels, grants.map(GrantJson::toGrants));
    }

    private static <T> T notNull(T value, String field, String shape) {
        if (value == null) {
            throw new InvalidInputException(field, field + " must be " + shape + ", not null");
        }
        return value;
    }

    /** Parses repeated {@code label=key:value} parameters; every key at most once. */
    static Map<String, String> labels(List<String> params) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String param : params) {
            int colon = param.indexOf(':');
            if (colon <= 0) {
                throw new InvalidInputException("label", "label must be key:value (was '" + param + "')");
            }
            String key = param.substring(0, colon);
            if (labels.put(key, param.substring(colon + 1)) != null) {
                throw new InvalidInputException("label", "label key '" + key + "' is given more than once");
            }
        }
        return labels;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String encodeCursor(String next) {
        return next == null
                ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "cursor must be a value of 'next' from a previous page");
        }
    }
}
