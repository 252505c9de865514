package io.millwright.core.telemetry;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.common.Page;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import io.millwright.core.error.NotFoundException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Telemetry for every transport, scoped by tenant and role: users with the operator role write for a device of their
 * tenant, devices write their own telemetry, viewers read and subscribe. A device of another tenant is reported as not
 * found, never as forbidden.
 *
 * <p>Writes: the payload is checked completely by the {@link TelemetryParser} before anything is queued, so a message
 * is stored whole or not at all. Request errors are thrown at once: {@link InvalidInputException} (HTTP 400, MQTT
 * 0x99), {@link LimitExceededException} of kind SIZE (HTTP 413, MQTT 0x95), {@link ForbiddenException}, {@link
 * NotFoundException}. The returned future is the {@link TelemetryIngest}'s: it completes after the commit (the moment to
 * answer 2xx or PUBACK), or fails with {@link LimitExceededException} of kind QUOTA (ingest full; HTTP 429, MQTT 0x97)
 * or {@link TelemetryStorageException} (HTTP 503, MQTT 0x80).
 *
 * <p>Live streams: {@link #subscribe} delivers what is committed after it returns; see {@link TelemetrySubscription}
 * for the bounded, drop-oldest delivery. Thread-safe.
 */
public final class TelemetryService implements AutoCloseable {

    private final DeviceStore devices;
    private final TelemetryParser parser;
    private final TelemetryIngest ingest;
    private final TelemetryStore store;
    private final TelemetryStreams streams;

    /** Registers itself as a listener of {@code ingest} for the live streams; {@link #close()} ends them. */
    public TelemetryService(
            DeviceStore devices,
            TelemetryParser parser,
            TelemetryIngest ingest,
            TelemetryStore store,
            StreamConfig streamConfig) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.store = Objects.requireNonNull(store, "store");
        this.streams = new TelemetryStreams(streamConfig);
        ingest.addListener(streams);
    }

    /**
     * Writes a message for a device on behalf of a user with the operator role (an application or a person).
     *
     * @return completes after the commit; see the class description for the failures
     */
    public CompletableFuture<DeviceTelemetry> write(Principal actor, String deviceId, byte[] payload) {
        Principal.User user = requireUser(actor, Role.OPERATOR);
        requireDevice(user.tenantId(), deviceId);
        List<Sample> samples = parser.parse(payload);
        return ingest.submit(user.tenantId(), deviceId, samples, true);
    }

    /**
     * Writes a message a device sent about itself.
     *
     * @param durable whether the device waits for the outcome (HTTP, MQTT QoS 1); non-durable messages (QoS 0) may be
     *     dropped while the ingest is saturated
     * @return completes after the commit; see the class description for the failures
     */
    public CompletableFuture<DeviceTelemetry> writeAsDevice(Principal.Device device, byte[] payload, boolean durable) {
        List<Sample> samples = parser.parse(payload);
        return ingest.submit(device.tenantId(), device.deviceId(), samples, durable);
    }

    /**
     * The newest point of each key (viewer role).
     *
     * @param keys the keys wanted, or empty for every key
     * @return key to point, sorted by key; keys without data are absent
     */
    public Map<String, TelemetryPoint> latest(Principal actor, String deviceId, Collection<String> keys) {
        Principal.User user = readable(actor, deviceId);
        List<String> wanted = keys.isEmpty() ? List.of() : TelemetryKeys.checkAll(keys, RawQuery.MAX_KEYS);
        return new TreeMap<>(store.latest(user.tenantId(), deviceId, wanted));
    }

    /** The keys the device has data for, sorted (viewer role): what "all keys" means in a query. */
    public Set<String> keys(Principal actor, String deviceId) {
        Principal.User user = readable(actor, deviceId);
        return new TreeSet<>(store.latest(user.tenantId(), deviceId, List.of()).keySet());
    }

    /** Raw points, a page at a time (viewer role); see {@link RawQuery}. */
    public Page<TelemetryPoint> query(Principal actor, String deviceId, RawQuery query) {
        Principal.User user = readable(actor, deviceId);
        return store.query(user.tenantId(), deviceId, query);
    }

    /**
     * Aggregated buckets per key, each key's list in time order (viewer role); see {@link AggregateQuery}.
     *
     * @return every queried key, in query order; a key without data maps to an empty list
     */
    public Map<String, List<Bucket>> aggregate(Principal actor, String deviceId, AggregateQuery query) {
        Principal.User user = readable(actor, deviceId);
        return store.aggregate(user.tenantId(), deviceId, query);
    }

    /**
     * Subscribes to a device's telemetry as it is committed (viewer role).
     *
     * @param keys the keys wanted, or empty for every key; values of other keys are left out, and an instant without
     *     any wanted key is not delivered
     * @param consumer receives {@link LiveTelemetry.Update}s and, while idle, {@link LiveTelemetry.Heartbeat}s, on a
     *     delivery thread, serially
     * @return the subscription; close it when the client goes away
     */
    public TelemetrySubscription subscribe(
            Principal actor, String deviceId, Collection<String> keys, Consumer<? super LiveTelemetry> consumer) {
        Principal.User user = readable(actor, deviceId);
        Set<String> wanted =
                keys.isEmpty() ? Set.of() : new LinkedHashSet<>(TelemetryKeys.checkAll(keys, RawQuery.MAX_KEYS));
        return streams.add(user.tenantId(), deviceId, wanted, consumer);
    }

    /**
     * Checks that {@code actor} may read and subscribe to the device's telemetry (viewer role, device of its tenant),
     * for transports that must refuse before committing to a protocol, such as a WebSocket upgrade.
     *
     * @throws ForbiddenException without the viewer role
     * @throws NotFoundException if the tenant has no such device
     */
    public void requireReadable(Principal actor, String deviceId) {
        readable(actor, deviceId);
    }

    /** Open live subscriptions, for metrics and tests. */
    public int subscriptions() {
        return streams.size();
    }

    /** Ends every live subscription and stops the delivery threads; the ingest and store stay open. */
    @Override
    public void close() {
        streams.close();
    }

    private Principal.User readable(Principal actor, String deviceId) {
        Principal.User user = requireUser(actor, Role.VIEWER);
        requireDevice(user.tenantId(), deviceId);
        return user;
    }

    private void requireDevice(String tenantId, String deviceId) {
        if (deviceId == null || devices.findById(tenantId, deviceId).isEmpty()) {
            throw new NotFoundException("no device with id " + deviceId);
        }
    }

    private static Principal.User requireUser(Principal actor, Role role) {
        if (actor instanceof Principal.User user && user.has(role)) {
            return user;
        }
        throw new ForbiddenException("this action needs the " + role.wireName() + " role");
    }
}
