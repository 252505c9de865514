package io.millwright.core.device;

import io.millwright.core.Ids;
import io.millwright.core.Validation;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.auth.Secrets;
import io.millwright.core.common.Page;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The device registry: registration, lookup, credentials. Every operation is scoped to the caller's tenant; a device
 * of another tenant is reported as not found, never as forbidden, so ids leak nothing.
 */
public final class DeviceRegistry {

    public static final String TOKEN_PREFIX = "mwd_";
    static final int MAX_LABELS = 64;
    static final int MAX_GRANTS = 64;

    private final DeviceStore store;
    private final Clock clock;
    private final Duration cacheTtl;
    /** Token digest to device, so reconnect storms authenticate from memory. Invalidated on rotation and delete. */
    private final Map<String, CachedDevice> byDigest = new ConcurrentHashMap<>();

    private final List<Consumer<Device>> removalListeners = new CopyOnWriteArrayList<>();

    private record CachedDevice(Device device, Instant validUntil) {}

    public DeviceRegistry(DeviceStore store, Clock clock, Duration cacheTtl) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.cacheTtl = Objects.requireNonNull(cacheTtl);
    }

    /**
     * Registers a listener told when a device is deleted or its token rotated, so transports can drop connections
     * that authenticated with the old credentials.
     */
    public void onCredentialsRevoked(Consumer<Device> listener) {
        removalListeners.add(listener);
    }

    public CreatedDevice create(Principal actor, NewDevice request) {
        Principal.User user = requireRole(actor, Role.OPERATOR);
        Validation.name("name", request.name());
        String type = request.type() == null ? null : Validation.text("type", request.type(), 64);
        Map<String, String> labels = validLabels(request.labels());
        List<TopicGrant> grants = validGrants(request.grants());
        if (store.findByName(user.tenantId(), request.name()).isPresent()) {
            throw new ConflictException("a device named '" + request.name() + "' already exists");
        }
        Instant now = clock.instant();
        Device device = new Device(Ids.newId(), user.tenantId(), request.name(), type, labels, grants, now, now);
        String token = Secrets.newToken(TOKEN_PREFIX);
        store.create(device, Secrets.digest(token));
        return new CreatedDevice(device, token);
    }

    public Device get(Principal actor, String id) {
        requireRole(actor, Role.VIEWER);
        return store.findById(actor.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    public Optional<Device> findByName(String tenantId, String name) {
        return store.findByName(tenantId, name);
    }

    public Page<Device> list(
            Principal actor, String namePrefix, String type, Map<String, String> labels, String after, int limit) {
        requireRole(actor, Role.VIEWER);
        if (limit < 1 || limit > DeviceQuery.MAX_LIMIT) {
            throw new InvalidInputException(
                    "limit", "limit must be 1-" + DeviceQuery.MAX_LIMIT + " (was " + limit + ")");
        }
        return store.find(new DeviceQuery(actor.tenantId(), namePrefix, type, labels, after, limit));
    }

    public Device update(Principal actor, String id, DevicePatch patch) {
        requireRole(actor, Role.OPERATOR);
        Device current = store.findById(actor.tenantId(), id).orElseThrow(() -> notFound(id));
        String type = patch.type().isPresent()
                ? patch.type().get().map(v -> Validation.text("type", v, 64)).orElse(null)
                : current.type();
        Map<String, String> labels =
                patch.labels().map(DeviceRegistry::validLabels).orElse(current.labels());
        List<TopicGrant> grants =
                patch.grants().map(DeviceRegistry::validGrants).orElse(current.grants());
        Device updated = new Device(
                current.id(),
                current.tenantId(),
                current.name(),
                type,
                labels,
                grants,
                current.createdAt(),
                clock.instant());
        if (!store.update(updated)) {
            throw notFound(id);
        }
        if (!updated.grants().equals(current.grants())) {
            revoked(updated);
        }
        return updated;
    }

    public void delete(Principal actor, String id) {
        requireRole(actor, Role.OPERATOR);
        Device device = store.findById(actor.tenantId(), id).orElseThrow(() -> notFound(id));
        if (!store.delete(actor.tenantId(), id)) {
            throw notFound(id);
        }
        revoked(device);
    }

    /** Issues a new access token; the old one stops working at once. */
    public CreatedDevice rotateToken(Principal actor, String id) {
        requireRole(actor, Role.OPERATOR);
        Device device = store.findById(actor.tenantId(), id).orElseThrow(() -> notFound(id));
        String token = Secrets.newToken(TOKEN_PREFIX);
        if (!store.updateTokenDigest(actor.tenantId(), id, Secrets.digest(token))) {
            throw notFound(id);
        }
        revoked(device);
        return new CreatedDevice(device, token);
    }

    /** Authenticates a device by name and token (MQTT username/password). */
    public Optional<Device> authenticate(String name, String token) {
        return authenticate(token).filter(d -> d.name().equals(name));
    }

    /** Authenticates a device by its token alone (ThingsBoard-compatible device API). */
    public Optional<Device> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        String digest = Secrets.digest(token);
        Instant now = clock.instant();
        CachedDevice cached = byDigest.get(digest);
        if (cached != null && now.isBefore(cached.validUntil())) {
            return Optional.of(cached.device());
        }
        Optional<Device> device = store.findByTokenDigest(digest);
        if (device.isPresent() && !cacheTtl.isZero()) {
            if (byDigest.size() > 200_000) {
                byDigest.clear();
            }
            byDigest.put(digest, new CachedDevice(device.get(), now.plus(cacheTtl)));
        }
        return device;
    }

    private void revoked(Device device) {
        byDigest.values().removeIf(c -> c.device().id().equals(device.id()));
        removalListeners.forEach(l -> l.accept(device));
    }

    private static Principal.User requireRole(Principal actor, Role role) {
        if (actor instanceof Principal.User user && user.has(role)) {
            return user;
        }
        throw new ForbiddenException("this action needs the " + role.wireName() + " role");
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no device with id " + id);
    }

    private static Map<String, String> validLabels(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new InvalidInputException("labels", "at most " + MAX_LABELS + " labels are allowed");
        }
        labels.forEach((k, v) -> {
            Validation.name("labels key", k);
            Validation.text("labels." + k, v, 256);
        });
        return labels;
    }

    private static List<TopicGrant> validGrants(List<TopicGrant> grants) {
        if (grants.size() > MAX_GRANTS) {
            throw new InvalidInputException("grants", "at most " + MAX_GRANTS + " grants are allowed");
        }
        return new ArrayList<>(grants);
    }
}
