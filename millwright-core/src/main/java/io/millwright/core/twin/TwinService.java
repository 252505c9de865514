package io.millwright.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ConflictException;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.error.PreconditionFailedException;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.Listeners;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Device twins: devices patch {@code reported}, users with the operator role (people, applications, rules acting
 * through a user or token) patch {@code desired}, viewers read. Patches are JSON Merge Patches (RFC 7396) whose top
 * level must be an object. A device of another tenant is reported as not found.
 *
 * <p>Concurrency model: patches of one device are serialised in this process by a lock stripe chosen by the device
 * id, and written with an optimistic version check ({@link TwinStore#save}), which also guards against writers in
 * other processes; a lost race is retried with the new state. So no update is ever lost, and a patch returns only
 * after its change is durably committed. Events are emitted after the commit, outside the lock, on the patching
 * thread (see {@link Listeners}).
 *
 * <p>A patch that changes nothing (every value already as patched) writes nothing, keeps the versions and emits no
 * event.
 */
public final class TwinService {

    private static final int STRIPES = 64;
    private static final int MAX_ATTEMPTS = 8;

    private final TwinStore store;
    private final DeviceStore devices;
    private final TwinLimits limits;
    private final Clock clock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Listeners<TwinEvent> listeners = new Listeners<>();

    /** The device's catch-up state on (re)connection: the desired version and the current delta. */
    public record DesiredDelta(long desiredVersion, ObjectNode delta) {
        public DesiredDelta {
            delta = delta.deepCopy();
        }

        @Override
        public ObjectNode delta() {
            return delta.deepCopy();
        }
    }

    public TwinService(TwinStore store, DeviceStore devices, TwinLimits limits, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.devices = Objects.requireNonNull(devices);
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Registers a listener for committed twin changes (rules, live streams, the MQTT desired-state push). */
    public Listeners.Registration addListener(Consumer<? super TwinEvent> listener) {
        return listeners.add(listener);
    }

    /** The twin; users need the viewer role, a device may read its own twin. */
    public Twin get(Principal actor, String deviceId) {
        DeviceRef device = readable(actor, deviceId);
        return current(device.tenantId(), device.deviceId());
    }

    /** The desired keys that differ from reported (see {@link Twin#delta()}), with the same access as {@link #get}. */
    public ObjectNode delta(Principal actor, String deviceId) {
        return get(actor, deviceId).delta();
    }

    /**
     * What a device must catch up on when it (re)connects: transports send it as {@code {"version": n, "desired":
     * delta}} so a device that missed desired changes while offline receives their merged effect once.
     */
    public DesiredDelta catchUp(Principal.Device device) {
        Twin twin = current(device.tenantId(), device.deviceId());
        return new DesiredDelta(twin.desired().version(), twin.delta());
    }

    /** Applies a device's report; see {@link #patchReported(Principal.Device, JsonNode)}. */
    public Twin patchReported(Principal.Device device, String patchJson) {
        return patchReported(device, limits.parsePatch("reported", patchJson));
    }

    /**
     * Merges {@code patch} into the device's own reported document.
     *
     * @throws io.millwright.core.error.InvalidInputException if the patch is not a JSON object
     * @throws io.millwright.core.error.LimitExceededException if the patch or the resulting document is too large
     */
    public Twin patchReported(Principal.Device device, JsonNode patch) {
        ObjectNode checked = limits.checkPatch("reported", patch);
        DeviceRef ref = DeviceRef.of(device);
        Instant now = clock.instant();
        Change change = update(ref, twin -> {
            ObjectNode next = JsonMergePatch.apply(twin.reported().view(), checked);
            ObjectNode diff = JsonMergePatch.diff(twin.reported().view(), next);
            if (diff.isEmpty()) {
                return twin;
            }
            limits.checkDocument("reported", next);
            return twin.withReported(twin.reported().next(next, diff, now));
        });
        if (change.changed()) {
            ObjectNode diff = JsonMergePatch.diff(
                    change.before().reported().view(), change.after().reported().view());
            listeners.emit(
                    new TwinEvent.ReportedChanged(ref, change.after().reported().version(), diff, now));
        }
        return change.after();
    }

    /** Applies a desired-state patch given as JSON text; see {@link #patchDesired(Principal, String, JsonNode, Optional)}. */
    public Twin patchDesired(
            Principal actor, String deviceId, String patchJson, Optional<Long> expectedDesiredVersion) {
        requireUser(actor, Role.OPERATOR);
        return patchDesired(actor, deviceId, limits.parsePatch("desired", patchJson), expectedDesiredVersion);
    }

    /**
     * Merges {@code patch} into the desired document. Needs the operator role.
     *
     * @param expectedDesiredVersion if present, the desired version the caller last saw (HTTP {@code If-Match})
     * @throws PreconditionFailedException if the desired version is not the expected one; nothing changes
     * @throws io.millwright.core.error.LimitExceededException if the patch or the resulting document is too large
     */
    public Twin patchDesired(Principal actor, String deviceId, JsonNode patch, Optional<Long> expectedDesiredVersion) {
        requireUser(actor, Role.OPERATOR);
        ObjectNode checked = limits.checkPatch("desired", patch);
        DeviceRef ref = existing(actor.tenantId(), deviceId);
        Instant now = clock.instant();
        Change change = update(ref, twin -> {
            long version = twin.desired().version();
            if (expectedDesiredVersion.isPresent() && expectedDesiredVersion.get() != version) {
                throw new PreconditionFailedException("the desired version is " + version + ", not "
                        + expectedDesiredVersion.get() + "; read the twin again and retry");
            }
            ObjectNode next = JsonMergePatch.apply(twin.desired().view(), checked);
            ObjectNode diff = JsonMergePatch.diff(twin.desired().view(), next);
            if (diff.isEmpty()) {
                return twin;
            }
            limits.checkDocument("desired", next);
            return twin.withDesired(twin.desired().next(next, diff, now));
        });
        if (change.changed()) {
            ObjectNode diff = JsonMergePatch.diff(
                    change.before().desired().view(), change.after().desired().view());
            listeners.emit(
                    new TwinEvent.DesiredChanged(ref, change.after().desired().version(), diff, now));
        }
        return change.after();
    }

    private record Change(Twin before, Twin after) {
        boolean changed() {
            return before != after;
        }
    }

    private Change update(DeviceRef device, UnaryOperator<Twin> change) {
        ReentrantLock lock = stripes[Math.floorMod(device.deviceId().hashCode(), STRIPES)];
        lock.lock();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Twin before = current(device.tenantId(), device.deviceId());
                Twin after = change.apply(before);
                if (after == before) {
                    return new Change(before, before);
                }
                if (store.save(
                        after, before.reported().version(), before.desired().version())) {
                    return new Change(before, after);
                }
            }
        } finally {
            lock.unlock();
        }
        throw new ConflictException("the twin of " + device.deviceName() + " is changing too often; retry");
    }

    private Twin current(String tenantId, String deviceId) {
        return store.find(tenantId, deviceId).orElseGet(() -> Twin.empty(tenantId, deviceId));
    }

    private DeviceRef readable(Principal actor, String deviceId) {
        if (actor instanceof Principal.Device device) {
            if (device.deviceId().equals(deviceId)) {
                return DeviceRef.of(device);
            }
            throw notFound(deviceId);
        }
        requireUser(actor, Role.VIEWER);
        return existing(actor.tenantId(), deviceId);
    }

    private DeviceRef existing(String tenantId, String deviceId) {
        return devices.findById(tenantId, deviceId).map(DeviceRef::of).orElseThrow(() -> notFound(deviceId));
    }

    private static void requireUser(Principal actor, Role role) {
        if (!(actor instanceof Principal.User user && user.has(role))) {
            throw new ForbiddenException("this action needs the " + role.wireName() + " role");
        }
    }

    private static NotFoundException notFound(String deviceId) {
        return new NotFoundException("no device with id " + deviceId);
    }
}
