package io.millwright.device;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's connection over time: connects, subscribes, notices losses and reconnects with {@link Backoff}, until
 * closed. Every method runs on the device loop (a {@link SerialExecutor}); transports report back through it.
 *
 * <pre>
 *            start                     CONNACK + SUBACK
 *   IDLE ───────────▶ CONNECTING ─────────────────────▶ CONNECTED
 *                       ▲    │ failure                      │ loss / broken
 *        backoff timer  │    ▼                              ▼
 *                     WAITING ◀──────────────────────────────┘
 *   disconnectFor(d): any live state ▶ OFFLINE ─(d elapsed)▶ CONNECTING
 *   credentials refused ▶ FAILED          close() ▶ CLOSED (from anywhere)
 * </pre>
 *
 * <p><b>Protocol fallback.</b> An MQTT 5 attempt that the server refuses for its protocol version (CONNACK 0x84, or
 * the connection closed in answer to CONNECT) is retried at once with MQTT 3.1.1. Once MQTT 3.1.1 has connected after
 * such a refusal, the device keeps it; if it fails too, the next attempt tries MQTT 5 again.
 */
final class Link {

    private static final Logger LOG = LoggerFactory.getLogger(Link.class);

    /** What the device hears from its link, on the device loop. */
    interface Listener {
        void connected(MqttTransport transport);

        void disconnected();

        void messageArrived(String topic, byte[] payload);

        /** The server refused the credentials; the link has stopped. */
        void failed(DeviceException error);
    }

    enum State {
        IDLE,
        CONNECTING,
        CONNECTED,
        WAITING,
        OFFLINE,
        FAILED,
        CLOSED
    }

    /** One connection attempt and, if it succeeds, the connection. */
    private final class Attempt implements MqttTransport.Listener {
        private final MqttProtocol protocol;
        private MqttTransport transport;

        private Attempt(MqttProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            loop.execute(() -> {
                if (current == this && state == State.CONNECTED) {
                    listener.messageArrived(topic, payload);
                }
            });
        }

        @Override
        public void connectionLost(Throwable cause) {
            loop.execute(() -> lost(this, cause));
        }
    }

    private final DeviceOptions options;
    private final MqttTransport.Factory factory;
    private final Executor loop;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Listener listener;
    private final List<String> subscriptions;

    private volatile State state = State.IDLE;
    private volatile ServerAddress server;
    private volatile MqttProtocol connectedProtocol;
    private MqttProtocol protocol;
    private boolean fallbackConfirmed;
    private Attempt current;
    private int failures;
    private ScheduledFuture<?> timer;
    private long timerGeneration;

    Link(
            DeviceOptions options,
            MqttTransport.Factory factory,
            Executor loop,
            Backoff backoff,
            List<String> subscriptions,
            Listener listener) {
        this.options = options;
        this.factory = factory;
        this.loop = loop;
        this.scheduler = options.runtime().scheduler();
        this.backoff = backoff;
        this.subscriptions = subscriptions;
        this.listener = listener;
        this.server = options.server();
        this.protocol = options.protocol();
    }

    State state() {
        return state;
    }

    /** The protocol of the live connection, or null. */
    MqttProtocol connectedProtocol() {
        return state == State.CONNECTED ? connectedProtocol : null;
    }

    void start() {
        if (state == State.IDLE) {
            connect();
        }
    }

    /** Uses another server from the next attempt on; a link waiting to retry tries it at once. */
    void server(ServerAddress address) {
        server = address;
        if (state == State.WAITING) {
            failures = 0;
            connect();
        }
    }

    /** Drops the connection (or attempt) and stays offline for {@code duration}, then connects again. */
    void offlineFor(Duration duration) {
        if (state == State.CLOSED || state == State.FAILED || state == State.IDLE) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        drop(true);
        if (wasConnected) {
            listener.disconnected();
        }
        state = State.OFFLINE;
        schedule(duration, State.OFFLINE);
    }

    /** The connection misbehaved (a publish failed without a server refusal): drop it and reconnect. */
    void broken(MqttTransport transport, Throwable cause) {
        if (current != null && current.transport == transport) {
            lost(current, cause);
        }
    }

    /** Stops for good; returns the live transport, which the caller closes gracefully, or null. */
    MqttTransport close() {
        State previous = state;
        state = State.CLOSED;
        cancelTimer();
        MqttTransport transport = current == null ? null : current.transport;
        current = null;
        if (previous == State.CONNECTED) {
            listener.disconnected();
        }
        return transport;
    }

    private void connect() {
        cancelTimer();
        state = State.CONNECTING;
        Attempt attempt = new Attempt(protocol);
        current = attempt;
        ServerAddress address = server;
        try {
            attempt.transport = factory.create(options.transportSettings(address), attempt.protocol, attempt);
        } catch (RuntimeException e) {
            connectDone(attempt, e);
            return;
        }
        attempt.transport
                .connect()
                .thenCompose(ignored -> attempt.transport.subscribe(subscriptions))
                .whenComplete((ignored, error) -> loop.execute(() -> connectDone(attempt, error)));
    }

    private void connectDone(Attempt attempt, Throwable error) {
        if (attempt != current) {
            closeAsync(attempt.transport, false);
            return;
        }
        if (error == null) {
            state = State.CONNECTED;
            connectedProtocol = attempt.protocol;
            if (attempt.protocol != options.protocol()) {
                fallbackConfirmed = true;
            }
            failures = 0;
            LOG.debug("{}: connected to {} with {}", options.name(), server, attempt.protocol);
            listener.connected(attempt.transport);
            return;
        }
        closeAsync(attempt.transport, false);
        current = null;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ConnectFailure failure = cause instanceof ConnectFailure f
                ? f
                : new ConnectFailure(ConnectFailure.Kind.REFUSED, -1, String.valueOf(cause.getMessage()), cause);
        switch (failure.kind()) {
            case CREDENTIALS_REFUSED -> {
                state = State.FAILED;
                LOG.error(
                        "{}: {} refused the device name or token ({}); not reconnecting",
                        options.name(),
                        server,
                        failure.getMessage());
                listener.failed(new DeviceException(
                        DeviceException.Reason.CREDENTIALS_REFUSED,
                        server + " refused the name or token of device '" + options.name() + "': "
                                + failure.getMessage(),
                        failure.reasonCode()));
            }
            case PROTOCOL_REFUSED -> {
                if (attempt.protocol == MqttProtocol.V5) {
                    LOG.info(
                            "{}: {} refused MQTT 5 ({}); trying MQTT 3.1.1",
                            options.name(),
                            server,
                            failure.getMessage());
                    protocol = MqttProtocol.V3_1_1;
                    connect();
                } else {
                    retry(failure);
                }
            }
            case UNREACHABLE, REFUSED -> retry(failure);
        }
    }

    private void retry(ConnectFailure failure) {
        if (!fallbackConfirmed) {
            protocol = options.protocol();
        }
        Duration delay = backoff.delay(failures);
        if (failures == 0) {
            LOG.info("{}: cannot connect to {} ({}); retrying", options.name(), server, failure.getMessage());
        } else {
            LOG.debug("{}: attempt {} failed ({}); next in {} ms", options.name(), failures, failure, delay.toMillis());
        }
        failures++;
        state = State.WAITING;
        schedule(delay, State.WAITING);
    }

    private void lost(Attempt attempt, Throwable cause) {
        if (attempt != current || state != State.CONNECTED) {
            return;
        }
        LOG.info("{}: connection to {} lost ({})", options.name(), server, cause == null ? "" : cause.getMessage());
        drop(false);
        listener.disconnected();
        retry(new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, -1, "connection lost", cause));
    }

    private void drop(boolean graceful) {
        cancelTimer();
        if (current != null) {
            closeAsync(current.transport, graceful);
            current = null;
        }
    }

    private void schedule(Duration delay, State expected) {
        long generation = ++timerGeneration;
        timer = scheduler.schedule(
                () -> loop.execute(() -> {
                    if (state == expected && timerGeneration == generation) {
                        connect();
                    }
                }),
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        timerGeneration++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void closeAsync(MqttTransport transport, boolean graceful) {
        if (transport != null) {
            CompletableFuture.runAsync(
                    () -> transport.close(graceful), options.runtime().pool());
        }
    }
}
