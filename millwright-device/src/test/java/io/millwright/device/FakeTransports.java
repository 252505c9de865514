package io.millwright.device;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-memory broker side for device tests: every connection attempt creates a {@link FakeTransport}. */
final class FakeTransports implements MqttTransport.Factory {

    /** A message the device published. */
    record Published(String topic, byte[] payload, FakeTransport on) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final List<FakeTransport> created = new CopyOnWriteArrayList<>();
    final List<Published> published = new CopyOnWriteArrayList<>();
    /** Decides each connection attempt: null connects, a failure refuses. */
    volatile Function<MqttProtocol, ConnectFailure> connectOutcome = protocol -> null;
    /** Whether publishes are acknowledged at once; otherwise tests complete {@link FakeTransport#pendingAcks}. */
    volatile boolean autoAck = true;

    @Override
    public MqttTransport create(
            MqttTransport.Settings settings, MqttProtocol protocol, MqttTransport.Listener listener) {
        FakeTransport transport = new FakeTransport(settings, protocol, listener);
        created.add(transport);
        return transport;
    }

    FakeTransport last() {
        return created.get(created.size() - 1);
    }

    List<String> topics() {
        return published.stream().map(Published::topic).toList();
    }

    final class FakeTransport implements MqttTransport {
        final MqttTransport.Settings settings;
        final MqttProtocol protocol;
        final MqttTransport.Listener listener;
        final List<String> subscriptions = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> pendingAcks = new CopyOnWriteArrayList<>();
        volatile boolean connected;
        volatile boolean closed;

        FakeTransport(MqttTransport.Settings settings, MqttProtocol protocol, MqttTransport.Listener listener) {
            this.settings = settings;
            this.protocol = protocol;
            this.listener = listener;
        }

        @Override
        public MqttProtocol protocol() {
            return protocol;
        }

        @Override
        public CompletableFuture<Void> connect() {
            ConnectFailure failure = connectOutcome.apply(protocol);
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            connected = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> subscribe(List<String> filters) {
            subscriptions.addAll(filters);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
            if (!connected || closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            published.add(new Published(topic, payload, this));
            if (autoAck) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            pendingAcks.add(ack);
            return ack;
        }

        @Override
        public void close(boolean graceful) {
            closed = true;
            connected = false;
        }

        /** The server sends a message to the device. */
        void deliver(String topic, String payload) {
            listener.messageArrived(topic, payload.getBytes(StandardCharsets.UTF_8));
        }

        /** The network drops the connection. */
        void lose() {
            connected = false;
            listener.connectionLost(new EOFException("lost"));
        }
    }
}
