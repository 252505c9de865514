package io.millwright.device;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device connected to Millwright over MQTT: telemetry, twin and commands, with automatic reconnection and an offline
 * buffer.
 *
 * <pre>{@code
 * try (MillwrightDevice device = MillwrightDevice.builder()
 *         .server("mqtt://localhost:1883")        // or mqtts://host:8883
 *         .name("pump-1")                         // the registered device name
 *         .token(System.getenv("DEVICE_TOKEN"))   // its access token
 *         .bufferDirectory(Path.of("buffer"))     // optional: keep unsent telemetry across restarts
 *         .build()) {
 *
 *     // Register handlers before connecting: the current desired state arrives on connect.
 *     device.onDesired(update -> fan.setSpeed(((Number) update.desired().get("fanSpeed")).intValue()));
 *     device.onCommand("reboot", command -> {
 *         scheduleReboot(command.number("delaySeconds", 5));
 *         return Map.of("accepted", true);
 *     });
 *
 *     device.connect().get(30, TimeUnit.SECONDS);
 *     device.reportTwin(Map.of("firmware", "1.4.2"));
 *     device.telemetry().put("temperature", 21.5).put("pressure", 6.1).send();   // acknowledged future
 *     Twin twin = device.twin().get(10, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> Every telemetry message goes through a bounded buffer (in memory, or on disk with {@link
 * DeviceBuilder#bufferDirectory}) and is published with QoS 1, in the order of the calls; the returned future completes when
 * the server acknowledged it (PUBACK: stored durably). While the device is offline, telemetry keeps buffering and is
 * replayed in order after the reconnect. When the buffer is full the oldest message is dropped (counted in
 * {@link DeviceStats#telemetryDropped()}; its future fails with {@link DeviceException.Reason#DROPPED}). Delivery is at
 * least once: a message whose acknowledgement was lost with the connection is sent again. Twin reports made while
 * offline are merged and sent on reconnect; command answers are resent until acknowledged.
 *
 * <p><b>Connection.</b> MQTT 5, falling back to MQTT 3.1.1 when the server refuses MQTT 5; username = device name,
 * password = token. Lost connections are retried with exponential backoff and full jitter; subscriptions are renewed
 * on every connection. A server that refuses the credentials stops the device: {@link #connect()} fails with {@link
 * DeviceException.Reason#CREDENTIALS_REFUSED}.
 *
 * <p><b>Threads.</b> All methods are thread-safe and never block, except {@link #close()}. Handlers and future
 * dependents run on the device's callback thread, one at a time; devices share the threads of a {@link DeviceRuntime}.
 */
public final class MillwrightDevice implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MillwrightDevice.class);

    private final DeviceOptions options;
    private final SerialExecutor loop;
    private final SerialExecutor callbacks;
    private final TelemetryBuffer buffer;
    private final Link link;
    private final TelemetryPipeline telemetry;
    private final ControlChannel control;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    MillwrightDevice(DeviceOptions options) {
        this.options = options;
        this.loop = new SerialExecutor(options.runtime().pool());
        this.callbacks = new SerialExecutor(options.runtime().pool());
        this.buffer = options.bufferDirectory() == null
                ? new MemoryTelemetryBuffer(options.bufferCapacity())
                : FileTelemetryBuffer.open(options.bufferDirectory(), options.bufferCapacity());
        Topics topics = new Topics(options.name());
        Backoff backoff = new Backoff(options.backoffMin(), options.backoffMax(), options.random());
        this.link = new Link(options, options.transportFactory(), loop, backoff, topics.subscriptions(), new Events());
        this.telemetry = new TelemetryPipeline(
                buffer,
                topics.telemetry(),
                options.telemetryQos(),
                options.maxInFlight(),
                loop,
                callbacks,
                link::broken);
        this.control = new ControlChannel(topics, options.commandMemory(), loop, callbacks, link::broken);
    }

    /** Starts configuring a device; {@code server}, {@code name} and {@code token} are required. */
    public static DeviceBuilder builder() {
        return new DeviceBuilder();
    }

    /** The registered device name. */
    public String name() {
        return options.name();
    }

    /**
     * Starts connecting (and reconnecting, until {@link #close()}). The future completes on the first successful
     * connection, or fails with {@link DeviceException} when the server refuses the credentials or the device is
     * closed first. Calling it again returns the same future.
     */
    public CompletableFuture<Void> connect() {
        ensureOpen();
        loop.execute(link::start);
        return firstConnection;
    }

    /** Whether the device has a live connection now. */
    public boolean isConnected() {
        return link.state() == Link.State.CONNECTED;
    }

    /** The protocol of the live connection, if any. */
    public Optional<MqttProtocol> protocol() {
        return Optional.ofNullable(link.connectedProtocol());
    }

    /**
     * Sends telemetry values, stamped with the device clock now (unless {@link DeviceBuilder#deviceTimestamps} is off, in
     * which case the server stamps them on arrival). Values are numbers, strings or booleans. The future completes when
     * the server acknowledged the message; see the class documentation for buffering and overflow.
     */
    public CompletableFuture<Void> sendTelemetry(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a telemetry message needs at least one value");
        }
        return send(null, values);
    }

    /** A builder for one telemetry message, optionally with its measurement time. */
    public TelemetryBuilder telemetry() {
        return new TelemetryBuilder(this::send);
    }

    /**
     * Reports twin properties as a JSON merge patch ({@code null} removes a key). The future completes when the server
     * acknowledged the report; while offline, reports are merged and sent on reconnect.
     */
    public CompletableFuture<Void> reportTwin(Map<String, ?> patch) {
        Objects.requireNonNull(patch, "patch");
        ensureOpen();
        Map<String, Object> copy = new LinkedHashMap<>(patch);
        Json.write(copy);
        CompletableFuture<Void> future = new CompletableFuture<>();
        loop.execute(() -> control.reportTwin(copy, future));
        return future;
    }

    /**
     * Sets the handler of desired-state changes (replacing any previous one). After every (re)connect the current
     * delta is delivered again, so the handler must be idempotent; updates older than one already seen are skipped.
     */
    public MillwrightDevice onDesired(Consumer<DesiredUpdate> handler) {
        Objects.requireNonNull(handler, "handler");
        loop.execute(() -> control.onDesired(handler));
        return this;
    }

    /**
     * Sets the handler of one command method (replacing any previous one). Commands for a method without a handler
     * are answered {@code {"ok": false, "error": "unknown method: ..."}}; register handlers before {@link #connect()}.
     */
    public MillwrightDevice onCommand(String method, CommandHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        control.onCommand(method, handler);
        return this;
    }

    /**
     * Requests the whole twin. The future completes when the answer arrives; while offline the request waits for the
     * next connection, so callers usually bound it with {@code orTimeout}.
     */
    public CompletableFuture<Twin> twin() {
        ensureOpen();
        CompletableFuture<Twin> future = new CompletableFuture<>();
        loop.execute(() -> control.twin(future));
        return future;
    }

    /**
     * Uses another server address from the next connection attempt on (DNS change, failover, a test server restarted
     * on a new port). A live connection is kept; a device waiting to reconnect tries the new address at once.
     */
    public void updateServer(String address) {
        ServerAddress parsed = ServerAddress.parse(address);
        loop.execute(() -> link.server(parsed));
    }

    /**
     * Drops the connection and stays offline for {@code duration} (telemetry keeps buffering), then reconnects: for a
     * device that powers its radio down between reports, or to simulate a network outage.
     */
    public void disconnectFor(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        loop.execute(() -> link.offlineFor(duration));
    }

    /** Counters since the device was built. */
    public DeviceStats stats() {
        return new DeviceStats(
                isConnected(),
                connections.get(),
                telemetry.acknowledged(),
                telemetry.buffered(),
                telemetry.dropped(),
                control.commandsHandled());
    }

    /**
     * Disconnects (sending DISCONNECT if connected) and releases the device. Futures still waiting fail with {@link
     * DeviceException.Reason#CLOSED}; telemetry not yet acknowledged stays in an on-disk buffer for the next start.
     * Idempotent; waits at most a few seconds.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DeviceException error = new DeviceException(DeviceException.Reason.CLOSED, "the device was closed");
        CompletableFuture<MqttTransport> live = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                MqttTransport transport = link.close();
                control.failPending(error);
                telemetry.failPending(error);
                live.complete(transport);
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("{}: closed after its runtime; not disconnecting cleanly", options.name());
            live.complete(null);
        }
        try {
            MqttTransport transport = live.get(5, TimeUnit.SECONDS);
            if (transport != null) {
                transport.close(true);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: closing did not finish cleanly", options.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            buffer.close();
            firstConnection.completeExceptionally(error);
        }
    }

    private CompletableFuture<Void> send(Instant at, Map<String, ?> values) {
        ensureOpen();
        Object message;
        if (at != null || options.deviceTimestamps()) {
            Map<String, Object> stamped = new LinkedHashMap<>();
            stamped.put("ts", (at != null ? at : options.clock().instant()).toEpochMilli());
            stamped.put("values", values);
            message = stamped;
        } else {
            message = values;
        }
        return telemetry.send(Json.write(message));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device " + options.name() + " is closed");
        }
    }

    /** Link events, on the device loop. */
    private final class Events implements Link.Listener {
        @Override
        public void connected(MqttTransport transport) {
            connections.incrementAndGet();
            telemetry.connected(transport);
            control.connected(transport);
            callbacks.execute(() -> firstConnection.complete(null));
        }

        @Override
        public void disconnected() {
            telemetry.disconnected();
            control.disconnected();
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            control.messageArrived(topic, payload);
        }

        @Override
        public void failed(DeviceException error) {
            callbacks.execute(() -> firstConnection.completeExceptionally(error));
        }
    }
}
