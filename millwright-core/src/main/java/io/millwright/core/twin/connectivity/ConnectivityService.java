package io.millwright.core.twin.connectivity;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.common.Page;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ForbiddenException;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.NotFoundException;
import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.Listeners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device connectivity, fed by transports: {@link #connected}, {@link #disconnected} and {@link #seen}.
 *
 * <p>Connects and disconnects are written durably (state and history) before the call returns and are emitted to
 * listeners after the commit (the command dispatcher's {@code deviceConnected} hook and a twin catch-up are typical
 * listeners). {@link #seen} only records the time in memory: it is called for every message, so {@code lastSeen} is
 * written in batches by {@link #flush()}, every flush interval while started and on disconnect.
 *
 * <p>Each connection carries an id chosen by the transport. A disconnect whose id is not the device's current
 * connection (the old connection of a session takeover, closing after the new one opened) is ignored, so the device
 * stays online. Connects and disconnects of one device are serialised by a lock stripe.
 */
public final class ConnectivityService {

    private static final Logger log = LoggerFactory.getLogger(ConnectivityService.class);
    private static final int STRIPES = 64;
    private static final int MAX_LIST_LIMIT = 1000;

    private final ConnectivityStore store;
    private final DeviceStore devices;
    private final Clock clock;
    private final Listeners<ConnectivityEvent> listeners = new Listeners<>();
    private final Map<String, String> connections = new ConcurrentHashMap<>();
    private final Map<DeviceRef, Instant> unflushed = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private ScheduledExecutorService flusher;

    public ConnectivityService(ConnectivityStore store, DeviceStore devices, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.devices = Objects.requireNonNull(devices);
        this.clock = Objects.requireNonNull(clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public Listeners.Registration addListener(Consumer<? super ConnectivityEvent> listener) {
        return listeners.add(listener);
    }

    /**
     * Marks devices left online by the previous run offline (connections do not survive a restart) and starts
     * flushing {@code lastSeen} every {@code flushInterval} on a thread this service owns. Call before transports
     * accept connections.
     */
    public synchronized void start(Duration flushInterval) {
        if (flusher != null) {
            throw new IllegalStateException("the connectivity service is already started");
        }
        int stale = store.markAllOffline(clock.instant(), "the server restarted");
        if (stale > 0) {
            log.info("marked {} devices offline that were online when the server stopped", stale);
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "connectivity-flush");
            thread.setDaemon(true);
            return thread;
        });
        long millis = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the flush thread and writes the last unflushed {@code lastSeen} times. */
    public synchronized void stop() {
        if (flusher == null) {
            return;
        }
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher = null;
        flush();
    }

    /** A device connected; {@code connectionId} identifies this connection for the matching {@link #disconnected}. */
    public void connected(Principal.Device device, String connectionId, String remoteAddress, String protocol) {
        DeviceRef ref = DeviceRef.of(device);
        Instant now = clock.instant();
        ConnectivityEvent.Connected event = new ConnectivityEvent.Connected(ref, now, remoteAddress, protocol);
        ReentrantLock lock = stripe(ref);
        lock.lock();
        try {
            ConnectivityState before = stored(ref);
            unflushed.remove(ref);
            store.record(
                    event,
                    new ConnectivityState(ref, true, now, now, before.lastDisconnectedAt(), remoteAddress, protocol));
            connections.put(ref.deviceId(), connectionId);
        } finally {
            lock.unlock();
        }
        listeners.emit(event);
    }

    /** A device's connection closed. Ignored if {@code connectionId} is not the device's current connection. */
    public void disconnected(Principal.Device device, String connectionId, String reason) {
        DeviceRef ref = DeviceRef.of(device);
        Instant now = clock.instant();
        ConnectivityEvent.Disconnected event = new ConnectivityEvent.Disconnected(ref, now, reason);
        ReentrantLock lock = stripe(ref);
        lock.lock();
        try {
            if (!connections.remove(ref.deviceId(), connectionId)) {
                log.debug("ignoring the disconnect of {}: connection {} is not its current one", ref, connectionId);
                return;
            }
            ConnectivityState before = stored(ref);
            unflushed.remove(ref);
            store.record(
                    event,
                    new ConnectivityState(
                            ref, false, now, before.lastConnectedAt(), now, before.remoteAddress(), before.protocol()));
        } finally {
            lock.unlock();
        }
        listeners.emit(event);
    }

    /** The device sent something; kept in memory until the next {@link #flush()}. Cheap enough for every message. */
    public void seen(Principal.Device device) {
        unflushed.put(DeviceRef.of(device), clock.instant());
    }

    /** Writes the {@code lastSeen} times recorded since the last flush, in one transaction. */
    public void flush() {
        if (unflushed.isEmpty()) {
            return;
        }
        Map<DeviceRef, Instant> batch = new HashMap<>(unflushed);
        store.updateLastSeen(batch);
        batch.forEach(unflushed::remove);
    }

    /** The device's connectivity, including activity not yet flushed; needs the viewer role. */
    public ConnectivityState state(Principal actor, String deviceId) {
        DeviceRef ref = readable(actor, deviceId);
        ConnectivityState state = stored(ref);
        Instant pending = unflushed.get(ref);
        return pending == null ? state : state.seenAt(pending);
    }

    /**
     * The device's connect and disconnect events with {@code from <= at < to}, newest first; needs the viewer role.
     *
     * @param after the {@link Page#next()} cursor of the previous page, or {@code null}
     * @param limit 1 to 1,000
     */
    public Page<ConnectivityEvent> events(
            Principal actor, String deviceId, Instant from, Instant to, String after, int limit) {
        DeviceRef ref = readable(actor, deviceId);
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1-" + MAX_LIST_LIMIT + " (was " + limit + ")");
        }
        if (after != null && !after.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("after", "after must be a cursor from a previous page");
        }
        if (!from.isBefore(to)) {
            throw new InvalidInputException("from", "from must be before to");
        }
        return store.events(ref.tenantId(), ref.deviceId(), from, to, after, limit);
    }

    /** Deletes connectivity events older than {@code cutoff}, for retention; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        return store.purgeBefore(cutoff);
    }

    private ConnectivityState stored(DeviceRef ref) {
        return store.state(ref.tenantId(), ref.deviceId()).orElseGet(() -> ConnectivityState.never(ref));
    }

    private ReentrantLock stripe(DeviceRef ref) {
        return stripes[Math.floorMod(ref.deviceId().hashCode(), STRIPES)];
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("flushing lastSeen failed; retrying on the next tick", e);
        }
    }

    private DeviceRef readable(Principal actor, String deviceId) {
        if (!(actor instanceof Principal.User user && user.has(Role.VIEWER))) {
            throw new ForbiddenException("this action needs the viewer role");
        }
        return devices.findById(actor.tenantId(), deviceId)
                .map(DeviceRef::of)
                .orElseThrow(() -> new NotFoundException("no device with id " + deviceId));
    }
}
