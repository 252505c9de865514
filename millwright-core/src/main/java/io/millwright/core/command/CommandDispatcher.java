package io.millwright.core.command;

import io.millwright.core.event.DeviceRef;
import io.millwright.core.event.Listeners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued commands to connected devices and ends commands whose clock ran out.
 *
 * <p>Concurrency model: one thread, owned by this class between {@link #start()} and {@link #stop()}, makes every
 * delivery decision. A device's queue is drained on that thread in creation order when a command is created, when the
 * device connects ({@link #deviceConnected}), and when an earlier delivery failed; so commands to one device are sent
 * in order and never twice concurrently. The same thread runs {@link #sweep()} every {@code sweepInterval}: queued
 * commands past their TTL become {@code EXPIRED}, sent ones past their timeout {@code TIMED_OUT}. Acknowledgements
 * arrive on transport threads; all status changes are compare-and-set in the store, so they are safe there.
 *
 * <p>Durability: commands stay {@code QUEUED} in the store while their device is offline. {@link #start()} returns
 * commands that were {@code SENT} but not acknowledged when the process stopped to {@code QUEUED} (so they are sent
 * again: delivery is at least once) and drains every device that has queued commands.
 */
public final class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandService commands;
    private final CommandStore store;
    private final CommandTransport transport;
    private final Clock clock;
    private final Duration sweepInterval;
    /** Devices whose last delivery failed while connected; retried on the next sweep. */
    private final Set<DeviceRef> retry = ConcurrentHashMap.newKeySet();

    private volatile ScheduledExecutorService executor;
    private Listeners.Registration registration;

    /**
     * @param sweepInterval how often expiry and timeouts are checked (their resolution); 1 s is a good default
     */
    public CommandDispatcher(CommandService commands, CommandTransport transport, Duration sweepInterval) {
        this.commands = Objects.requireNonNull(commands);
        this.store = commands.store();
        this.clock = commands.clock();
        this.transport = Objects.requireNonNull(transport);
        this.sweepInterval = Objects.requireNonNull(sweepInterval);
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("the sweep interval must be positive");
        }
    }

    /** Starts the dispatcher thread, recovers unfinished commands and begins delivering and sweeping. */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("the command dispatcher is already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        registration = commands.addListener(event -> {
            if (event instanceof CommandEvent.Created created) {
                submit(created.command().device());
            }
        });
        executor.execute(this::recover);
        executor.scheduleWithFixedDelay(
                this::sweepSafely, sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the dispatcher thread, waiting up to five seconds for the current task. Commands stay stored. */
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        registration.close();
        executor = null;
        running.shutdownNow();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the command dispatcher did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transports call this when a device connects: its queued commands are delivered, oldest first. */
    public void deviceConnected(String tenantId, String deviceId) {
        ScheduledExecutorService running = executor;
        if (running != null) {
            execute(running, () -> drain(tenantId, deviceId));
        }
    }

    /**
     * Ends every command whose clock ran out: expires queued commands past their TTL, times out sent commands past
     * their timeout, and retries failed deliveries. Runs periodically on the dispatcher thread; callable directly.
     */
    public void sweep() {
        Instant now = clock.instant();
        for (Command due : store.due(now)) {
            if (due.status() == CommandStatus.QUEUED) {
                commands.move(due, due.moved(CommandStatus.EXPIRED, now), "the TTL passed before delivery");
            } else {
                commands.move(
                        due,
                        due.moved(CommandStatus.TIMED_OUT, now),
                        due.status() == CommandStatus.SENT ? "not acknowledged in time" : "no result in time");
            }
        }
        Set<DeviceRef> again = new LinkedHashSet<>(retry);
        retry.removeAll(again);
        again.forEach(device -> drain(device.tenantId(), device.deviceId()));
    }

    private void recover() {
        Set<DeviceRef> devices = new LinkedHashSet<>();
        for (Command command : store.unfinished()) {
            if (command.status() == CommandStatus.SENT) {
                commands.move(
                        command,
                        command.moved(CommandStatus.QUEUED, clock.instant()),
                        "not acknowledged before a restart; sending again");
            }
            devices.add(command.device());
        }
        devices.forEach(device -> drain(device.tenantId(), device.deviceId()));
    }

    private void submit(DeviceRef device) {
        ScheduledExecutorService running = executor;
        if (running != null) {
            execute(running, () -> drain(device.tenantId(), device.deviceId()));
        }
    }

    private void execute(ScheduledExecutorService running, Runnable task) {
        try {
            running.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("command delivery failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("the command dispatcher is stopping; the task waits for the next start");
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("the command sweep failed; retrying on the next tick", e);
        }
    }

    /** Sends the device's queued commands in creation order, on the dispatcher thread. */
    private void drain(String tenantId, String deviceId) {
        List<Command> queued = store.queued(tenantId, deviceId);
        if (queued.isEmpty()
                || !transport.isConnected(tenantId, queued.get(0).device().deviceName())) {
            return;
        }
        for (Command command : queued) {
            Instant now = clock.instant();
            if (!now.isBefore(command.expiresAt())) {
                commands.move(command, command.moved(CommandStatus.EXPIRED, now), "the TTL passed before delivery");
                continue;
            }
            Command sent = command.sent(now);
            if (!commands.move(command, sent, null)) {
                continue;
            }
            Optional<CompletionStage<Void>> ack = send(sent);
            if (ack.isEmpty()) {
                return;
            }
            ack.get().whenComplete((ignored, error) -> acknowledged(sent, error));
        }
    }

    private Optional<CompletionStage<Void>> send(Command sent) {
        try {
            return Optional.of(transport.send(sent));
        } catch (RuntimeException e) {
            acknowledged(sent, e);
            return Optional.empty();
        }
    }

    private void acknowledged(Command sent, Throwable error) {
        Instant now = clock.instant();
        if (error == null) {
            commands.move(sent, sent.moved(CommandStatus.DELIVERED, now), null);
        } else if (commands.move(sent, sent.moved(CommandStatus.QUEUED, now), "delivery failed: " + error)) {
            retry.add(sent.device());
        }
    }
}
