package io.millwright.testkit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One device publishing its {@link TelemetryLedger} messages with QoS 1 over MQTT 5 (or 3.1.1), at most {@code window}
 * unacknowledged, and recording each outcome in the ledger: PUBACK SUCCESS is acknowledged, a PUBACK with an error
 * code is refused (the server says it did not store it), no PUBACK (connection lost) is neither.
 *
 * <p>{@link #publish()} sends one message from the caller's thread; {@link #start(double)} runs a loop thread that
 * publishes at a fixed rate or as fast as the window allows until {@link #stop()}. The loop never throws; its first
 * error is kept in {@link #loopError()}. Outcomes are counted by name ({@code SUCCESS}, {@code QUOTA_EXCEEDED}, ...,
 * {@code NO_PUBACK}). Thread-safe.
 */
public final class LedgerPublisher implements AutoCloseable {

    /** How one publish ended and how long its PUBACK took. */
    public record Outcome(long seq, Optional<Mqtt5PubAckReasonCode> reason, long latencyNanos) {
        public boolean success() {
            return reason.filter(r -> r == Mqtt5PubAckReasonCode.SUCCESS).isPresent();
        }
    }

    /** Sends one QoS 1 PUBLISH; completes with the PUBACK's reason, empty without a PUBACK; never exceptionally. */
    private interface Sender {
        CompletableFuture<Optional<Mqtt5PubAckReasonCode>> send(String topic, byte[] payload);
    }

    private final Sender sender;
    private final BooleanSupplier connected;
    private final Runnable disconnect;
    private final FaultDevice device;
    private final TelemetryLedger ledger;
    private final TelemetryLedger.Entry entry;
    private final int windowSize;
    private final Semaphore window;
    private final int extraKeys;
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> loopError = new AtomicReference<>();
    private volatile Consumer<Outcome> listener = outcome -> {};
    private volatile boolean running;
    private Thread loop;

    private LedgerPublisher(
            Sender sender,
            BooleanSupplier connected,
            Runnable disconnect,
            FaultDevice device,
            TelemetryLedger ledger,
            int window,
            int extraKeys) {
        this.sender = sender;
        this.connected = connected;
        this.disconnect = disconnect;
        this.device = device;
        this.ledger = ledger;
        this.entry = ledger.of(device);
        this.windowSize = window;
        this.window = new Semaphore(window);
        this.extraKeys = extraKeys;
    }

    /**
     * Connects {@code device} over MQTT 5 (clean session) as client {@code clientId}.
     *
     * @param extraKeys values per message besides {@code seq}, to make messages heavier
     */
    public static LedgerPublisher connect(
            ServerProcess server,
            TelemetryLedger ledger,
            FaultDevice device,
            String clientId,
            int window,
            int extraKeys) {
        Mqtt5AsyncClient client =
                FaultClients.connected(server, device, clientId).toAsync();
        Sender sender = (topic, payload) -> client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .handle(FaultClients::pubAckReason);
        return new LedgerPublisher(
                sender,
                () -> client.getState().isConnected(),
                () -> client.disconnect().exceptionally(e -> null),
                device,
                ledger,
                window,
                extraKeys);
    }

    /**
     * Connects {@code device} over MQTT 3.1.1 (clean session), which has no negative acknowledgement: a PUBACK is
     * SUCCESS, anything else (the server closed the connection) is no PUBACK. The publisher does not reconnect.
     */
    public static LedgerPublisher connectV3(
            ServerProcess server,
            TelemetryLedger ledger,
            FaultDevice device,
            String clientId,
            int window,
            int extraKeys) {
        Mqtt3AsyncClient client = MqttClient.builder()
                .useMqttVersion3()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(server.mqttPort())
                .buildAsync();
        client.connectWith()
                .cleanSession(true)
                .simpleAuth()
                .username(device.name())
                .password(device.token().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        Sender sender = (topic, payload) -> client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .handle((ok, error) -> error == null ? Optional.of(Mqtt5PubAckReasonCode.SUCCESS) : Optional.empty());
        return new LedgerPublisher(
                sender,
                () -> client.getState().isConnected(),
                () -> client.disconnect().exceptionally(e -> null),
                device,
                ledger,
                window,
                extraKeys);
    }

    /** Called with every outcome, on the client's thread; must be cheap and must not throw. */
    public void onOutcome(Consumer<Outcome> listener) {
        this.listener = listener;
    }

    /**
     * Publishes the next message once the window has room (waiting up to 60 s).
     *
     * @return completes with the outcome, never exceptionally
     * @throws IllegalStateException when the window stayed full for 60 s
     */
    public CompletableFuture<Outcome> publish() throws InterruptedException {
        if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(device.name() + ": no PUBACK for 60 s with the window full");
        }
        long seq = entry.next();
        long start = System.nanoTime();
        return sender.send(
                        device.telemetryTopic(), ledger.payload(seq, extraKeys).getBytes(StandardCharsets.UTF_8))
                .thenApply(reason -> {
                    if (reason.isEmpty()) {
                        increment("NO_PUBACK");
                    } else if (reason.get() == Mqtt5PubAckReasonCode.SUCCESS) {
                        entry.acked(seq);
                        increment("SUCCESS");
                    } else {
                        entry.refused(seq);
                        increment(reason.get().name());
                    }
                    window.release();
                    Outcome outcome = new Outcome(seq, reason, System.nanoTime() - start);
                    try {
                        listener.accept(outcome);
                    } catch (RuntimeException e) {
                        loopError.compareAndSet(null, e);
                    }
                    return outcome;
                });
    }

    /** Starts a loop thread publishing {@code perSecond} messages a second, or as fast as the window allows at 0. */
    public synchronized void start(double perSecond) {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        long intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        loop = new Thread(
                () -> {
                    long next = System.nanoTime();
                    try {
                        while (running && connected.getAsBoolean()) {
                            if (intervalNanos > 0) {
                                LockSupport.parkNanos(next - System.nanoTime());
                                next += intervalNanos;
                            }
                            publish();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        loopError.compareAndSet(null, e);
                    }
                },
                "publisher-" + device.name());
        loop.setDaemon(true);
        loop.start();
    }

    /** Stops the loop (if started) and waits up to {@code timeout} until every publish has an outcome. */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        Thread t;
        synchronized (this) {
            t = loop;
        }
        if (t != null) {
            t.join(timeout.toMillis());
        }
        if (window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            window.release(windowSize);
            return true;
        }
        return false;
    }

    /** The first error of the loop thread or of an outcome listener, if any. */
    public Optional<Throwable> loopError() {
        return Optional.ofNullable(loopError.get());
    }

    /** How many publishes ended with {@code outcome} ({@code SUCCESS}, {@code QUOTA_EXCEEDED}, {@code NO_PUBACK}). */
    public long count(String outcome) {
        AtomicLong n = outcomes.get(outcome);
        return n == null ? 0 : n.get();
    }

    /** Every outcome's count, by name. */
    public Map<String, Long> outcomes() {
        Map<String, Long> copy = new TreeMap<>();
        outcomes.forEach((name, n) -> copy.put(name, n.get()));
        return copy;
    }

    public boolean isConnected() {
        return connected.getAsBoolean();
    }

    private void increment(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** Stops the loop and disconnects; errors on the way are ignored. */
    @Override
    public void close() {
        running = false;
        disconnect.run();
    }
}
