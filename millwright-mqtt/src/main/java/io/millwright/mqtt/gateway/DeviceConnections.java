package io.millwright.mqtt.gateway;

import io.millwright.core.auth.Principal;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.mqtt.ClientInfo;
import io.millwright.mqtt.ConnectionListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which devices are connected, by which client ids, and their connectivity record.
 *
 * <p>The broker calls the {@link ConnectionListener} methods on its event loops: the set of connected client ids per
 * device is updated there at once (so {@link #clientsOf} is exact for the command transport), and the durable
 * connect/disconnect recording ({@link ConnectivityService}) runs in order on one thread of its own. Each network
 * connection is counted separately: during a session takeover the new connection is counted before the old one is
 * gone, so the device never appears offline, and the connectivity record uses the connection id to ignore the old
 * connection's disconnect. {@link #seen} records activity in memory only.
 */
final class DeviceConnections implements ConnectionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnections.class);

    /** Told after the connected set changed; called on the broker's event loop, so must not block. */
    interface Listener {
        void connected(ClientInfo client, Principal.Device device);

        /** @param last whether the device has no connection left */
        void disconnected(ClientInfo client, Principal.Device device, boolean last);
    }

    private record DeviceKey(String tenantId, String name) {}

    private final ConnectivityService connectivity;
    /** Connections per client id per device; a client id counts twice for the moment of a takeover. */
    private final Map<DeviceKey, Map<String, Integer>> online = new ConcurrentHashMap<>();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor recorder =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100_000), r -> {
                Thread t = new Thread(r, "mqtt-connectivity");
                t.setDaemon(true);
                return t;
            });

    DeviceConnections(ConnectivityService connectivity) {
        this.connectivity = connectivity;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void connected(ClientInfo client) {
        if (!(client.principal() instanceof Principal.Device device)) {
            return;
        }
        online.computeIfAbsent(key(device), k -> new ConcurrentHashMap<>()).merge(client.clientId(), 1, Integer::sum);
        String remote =
                client.remoteAddress() == null ? null : client.remoteAddress().toString();
        String protocol = client.protocolVersion() == 5 ? "mqtt5" : "mqtt3.1.1";
        record(() -> connectivity.connected(device, connectionId(client), remote, protocol));
        for (Listener l : listeners) {
            l.connected(client, device);
        }
    }

    @Override
    public void disconnected(ClientInfo client) {
        if (!(client.principal() instanceof Principal.Device device)) {
            return;
        }
        boolean[] last = new boolean[1];
        online.computeIfPresent(key(device), (k, clients) -> {
            clients.computeIfPresent(client.clientId(), (id, n) -> n > 1 ? n - 1 : null);
            last[0] = clients.isEmpty();
            return clients.isEmpty() ? null : clients;
        });
        record(() -> connectivity.disconnected(device, connectionId(client), "connection closed"));
        for (Listener l : listeners) {
            l.disconnected(client, device, last[0]);
        }
    }

    /** The device sent something: in memory, cheap enough for every message. */
    void seen(Principal.Device device) {
        connectivity.seen(device);
    }

    /** The client ids the device is connected with now. */
    Set<String> clientsOf(String tenantId, String deviceName) {
        Map<String, Integer> clients = online.get(new DeviceKey(tenantId, deviceName));
        return clients == null ? Set.of() : Set.copyOf(clients.keySet());
    }

    private static DeviceKey key(Principal.Device device) {
        return new DeviceKey(device.tenantId(), device.name());
    }

    private static String connectionId(ClientInfo client) {
        return client.clientId() + "#" + client.connectionId();
    }

    private void record(Runnable task) {
        try {
            recorder.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Recording device connectivity failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Device connectivity not recorded: the recorder is overloaded or stopped");
        }
    }

    /** Records what is pending (up to 10 s), then stops. */
    @Override
    public void close() {
        recorder.shutdown();
        try {
            recorder.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
