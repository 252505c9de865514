package io.millwright.device;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twin and commands: everything the device exchanges with the platform besides telemetry.
 *
 * <ul>
 *   <li><b>Reported state</b>: patches made while offline (or while one is in flight) are composed into one merge patch
 *       and published on the next connection, so the server sees the same end state; futures complete on PUBACK.
 *   <li><b>Desired state</b>: updates older than the last one seen are ignored; updates that arrive before a handler
 *       is registered are composed and handed to it on registration.
 *   <li><b>Commands</b>: each id runs once ({@link RecentCommands}); its answer is published with QoS 1 and, if the
 *       connection drops first, again on the next connection.
 *   <li><b>Whole twin</b>: one {@code twin/get} serves every request made until the answer arrives; it is asked again
 *       after a reconnect if still unanswered.
 * </ul>
 *
 * Runs on the device loop; application code (handlers, future dependents) runs on the callback executor.
 */
final class ControlChannel {

    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

    private record Report(Map<String, Object> patch, List<CompletableFuture<Void>> futures) {}

    private record Answer(String commandId, byte[] payload) {}

    private final Topics topics;
    private final Executor loop;
    private final Executor callbacks;
    private final BiConsumer<MqttTransport, Throwable> broken;
    private final RecentCommands recent;
    private final Map<String, CommandHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong commandsHandled = new AtomicLong();
    private final List<Report> reportsInFlight = new ArrayList<>();
    private final List<Answer> answersToSend = new ArrayList<>();
    private final List<Answer> answersInFlight = new ArrayList<>();
    private final List<CompletableFuture<Twin>> twinRequests = new ArrayList<>();

    private MqttTransport transport;
    private Map<String, Object> unsentPatch;
    private List<CompletableFuture<Void>> unsentFutures = new ArrayList<>();
    private boolean twinRequested;
    private long desiredVersion = Long.MIN_VALUE;
    private Consumer<DesiredUpdate> desiredHandler;
    private DesiredUpdate undeliveredDesired;

    ControlChannel(
            Topics topics,
            int commandMemory,
            Executor loop,
            Executor callbacks,
            BiConsumer<MqttTransport, Throwable> broken) {
        this.topics = topics;
        this.loop = loop;
        this.recent = new RecentCommands(commandMemory);
        this.callbacks = callbacks;
        this.broken = broken;
    }

    void connected(MqttTransport connection) {
        transport = connection;
        twinRequested = false;
        flushReport();
        flushAnswers();
        requestTwin();
    }

    void disconnected() {
        transport = null;
        Map<String, Object> patch = Map.of();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Report report : reportsInFlight) {
            patch = MergePatch.compose(patch, report.patch());
            futures.addAll(report.futures());
        }
        reportsInFlight.clear();
        if (unsentPatch != null) {
            patch = MergePatch.compose(patch, unsentPatch);
            futures.addAll(unsentFutures);
        }
        if (!futures.isEmpty()) {
            unsentPatch = patch;
            unsentFutures = futures;
        }
        answersToSend.addAll(0, answersInFlight);
        answersInFlight.clear();
    }

    void reportTwin(Map<String, Object> patch, CompletableFuture<Void> future) {
        unsentPatch = unsentPatch == null ? patch : MergePatch.compose(unsentPatch, patch);
        unsentFutures.add(future);
        flushReport();
    }

    void twin(CompletableFuture<Twin> future) {
        twinRequests.add(future);
        requestTwin();
    }

    void onDesired(Consumer<DesiredUpdate> handler) {
        desiredHandler = handler;
        if (undeliveredDesired != null) {
            DesiredUpdate update = undeliveredDesired;
            undeliveredDesired = null;
            deliver(update);
        }
    }

    void onCommand(String method, CommandHandler handler) {
        handlers.put(method, handler);
    }

    long commandsHandled() {
        return commandsHandled.get();
    }

    /** Fails whatever waits for the server, e.g. when the device is closed. */
    void failPending(DeviceException error) {
        List<CompletableFuture<?>> waiting = new ArrayList<>(twinRequests);
        reportsInFlight.forEach(report -> waiting.addAll(report.futures()));
        waiting.addAll(unsentFutures);
        twinRequests.clear();
        reportsInFlight.clear();
        unsentFutures = new ArrayList<>();
        unsentPatch = null;
        callbacks.execute(() -> waiting.forEach(future -> future.completeExceptionally(error)));
    }

    /** A message on one of the device's subscriptions. */
    void messageArrived(String topic, byte[] payload) {
        try {
            if (topic.equals(topics.twinDesired())) {
                desiredArrived(Json.readObject(payload));
            } else if (topic.equals(topics.twin())) {
                twinArrived(Json.readObject(payload));
            } else {
                topics.commandId(topic).ifPresent(id -> commandArrived(id, payload));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: ignoring an unreadable message on {}: {}", topics.name(), topic, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private void desiredArrived(Map<String, Object> message) {
        long version = message.get("version") instanceof Number n ? n.longValue() : -1;
        Map<String, Object> desired =
                message.get("desired") instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
        if (version < desiredVersion) {
            LOG.debug("{}: ignoring desired version {} older than {}", topics.name(), version, desiredVersion);
            return;
        }
        desiredVersion = version;
        DesiredUpdate update = new DesiredUpdate(version, desired);
        if (desiredHandler == null) {
            undeliveredDesired = undeliveredDesired == null
                    ? update
                    : new DesiredUpdate(version, MergePatch.compose(undeliveredDesired.desired(), desired));
            return;
        }
        deliver(update);
    }

    private void deliver(DesiredUpdate update) {
        Consumer<DesiredUpdate> handler = desiredHandler;
        callbacks.execute(() -> {
            try {
                handler.accept(update);
            } catch (RuntimeException e) {
                LOG.error("{}: desired-state handler failed for version {}", topics.name(), update.version(), e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void twinArrived(Map<String, Object> message) {
        Map<String, Object> reported =
                message.get("reported") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Object> desired =
                message.get("desired") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Twin twin = new Twin(reported, desired, twinVersion(message.get("version")));
        List<CompletableFuture<Twin>> waiting = new ArrayList<>(twinRequests);
        twinRequests.clear();
        twinRequested = false;
        callbacks.execute(() -> waiting.forEach(future -> future.complete(twin)));
    }

    /** The twin version: a number, or tolerantly the desired side of per-side versions {@code {"desired": n}}. */
    private static long twinVersion(Object version) {
        if (version instanceof Number n) {
            return n.longValue();
        }
        if (version instanceof Map<?, ?> sides && sides.get("desired") instanceof Number n) {
            return n.longValue();
        }
        return -1;
    }

    private void commandArrived(String id, byte[] payload) {
        RecentCommands.Decision decision = recent.begin(id);
        if (decision instanceof RecentCommands.Answered answered) {
            queueAnswer(new Answer(id, answered.answer()));
        } else if (decision instanceof RecentCommands.Running) {
            LOG.debug("{}: command {} is still running", topics.name(), id);
        } else {
            run(id, payload);
        }
    }

    private void run(String id, byte[] payload) {
        Command command;
        try {
            Map<String, Object> message = Json.readObject(payload);
            if (!(message.get("method") instanceof String method)) {
                throw new IOException("the command has no method");
            }
            command = new Command(id, method, message.get("params"));
        } catch (IOException | RuntimeException e) {
            answered(id, failure("invalid command: " + e.getMessage()));
            return;
        }
        CommandHandler handler = handlers.get(command.method());
        callbacks.execute(() -> {
            byte[] answer;
            if (handler == null) {
                answer = failure("unknown method: " + command.method());
            } else {
                try {
                    Map<String, Object> ok = new LinkedHashMap<>();
                    ok.put("ok", true);
                    ok.put("result", handler.handle(command));
                    answer = Json.write(ok);
                } catch (Exception e) {
                    LOG.debug("{}: command {} ({}) failed", topics.name(), id, command.method(), e);
                    answer = failure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            byte[] result = answer;
            loop.execute(() -> answered(id, result));
        });
    }

    private void answered(String id, byte[] answer) {
        recent.answered(id, answer);
        commandsHandled.incrementAndGet();
        queueAnswer(new Answer(id, answer));
    }

    private static byte[] failure(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("ok", false);
        error.put("error", message);
        return Json.write(error);
    }

    private void queueAnswer(Answer answer) {
        answersToSend.add(answer);
        flushAnswers();
    }

    private void flushAnswers() {
        if (transport == null) {
            return;
        }
        MqttTransport connection = transport;
        for (Answer answer : answersToSend) {
            answersInFlight.add(answer);
            publish(connection, topics.commandResult(answer.commandId()), answer.payload(), error -> {
                answersInFlight.remove(answer);
                if (error != null) {
                    LOG.warn("{}: the answer to command {} was refused: {}", topics.name(), answer.commandId(), error);
                }
            });
        }
        answersToSend.clear();
    }

    private void flushReport() {
        if (transport == null || unsentPatch == null) {
            return;
        }
        Report report = new Report(unsentPatch, unsentFutures);
        unsentPatch = null;
        unsentFutures = new ArrayList<>();
        reportsInFlight.add(report);
        publish(transport, topics.twinReported(), Json.write(report.patch()), error -> {
            reportsInFlight.remove(report);
            callbacks.execute(() -> report.futures().forEach(future -> {
                if (error == null) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(error);
                }
            }));
        });
    }

    private void requestTwin() {
        if (transport == null || twinRequested || twinRequests.isEmpty()) {
            return;
        }
        twinRequested = true;
        publish(transport, topics.twinGet(), new byte[0], error -> {
            if (error != null) {
                twinRequested = false;
                List<CompletableFuture<Twin>> waiting = new ArrayList<>(twinRequests);
                twinRequests.clear();
                callbacks.execute(() -> waiting.forEach(future -> future.completeExceptionally(error)));
            }
        });
    }

    /**
     * Publishes with QoS 1 and calls {@code done} on the loop with null (acknowledged) or the server's refusal. Other
     * failures break the connection; what was in flight is requeued by {@link #disconnected()}.
     */
    private void publish(MqttTransport connection, String topic, byte[] payload, Consumer<DeviceException> done) {
        connection
                .publish(topic, payload, 1)
                .whenComplete((ignored, error) -> loop.execute(() -> {
                    if (connection != transport) {
                        return;
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause == null) {
                        done.accept(null);
                    } else if (cause instanceof DeviceException refusal
                            && refusal.reason() == DeviceException.Reason.REFUSED) {
                        done.accept(refusal);
                    } else {
                        broken.accept(connection, cause);
                    }
                }));
    }
}
