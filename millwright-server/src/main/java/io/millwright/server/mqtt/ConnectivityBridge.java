package io.millwright.server.mqtt;

import io.millwright.core.auth.Principal;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.mqtt.ClientInfo;
import io.millwright.mqtt.ConnectionListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records devices' MQTT connects and disconnects in the {@link ConnectivityService}. The broker calls listeners on
 * its event loops, which must not block, so the (durable, hence blocking) recording runs on one thread of its own;
 * one thread also keeps each device's connect and disconnect in order.
 */
public final class ConnectivityBridge implements ConnectionListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectivityBridge.class);

    private final ConnectivityService connectivity;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connectivity");
        t.setDaemon(true);
        return t;
    });

    public ConnectivityBridge(ConnectivityService connectivity) {
        this.connectivity = connectivity;
    }

    @Override
    public void connected(ClientInfo client) {
        if (client.principal() instanceof Principal.Device device) {
            String remote = client.remoteAddress() == null
                    ? null
                    : client.remoteAddress().toString();
            String protocol = client.protocolVersion() == 5 ? "mqtt5" : "mqtt3.1.1";
            run(() -> connectivity.connected(device, client.clientId(), remote, protocol));
        }
    }

    @Override
    public void disconnected(ClientInfo client) {
        if (client.principal() instanceof Principal.Device device) {
            run(() -> connectivity.disconnected(device, client.clientId(), "connection closed"));
        }
    }

    private void run(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("recording device connectivity failed", e);
            }
        });
    }

    /** Records what is pending, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
