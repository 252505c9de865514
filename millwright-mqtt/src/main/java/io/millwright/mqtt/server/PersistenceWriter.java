package io.millwright.mqtt.server;

import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session and retained changes behind the in-memory state, in batches, on one dedicated thread: the only
 * thread that ever calls the stores' {@code apply}, so event loops never block on storage.
 *
 * <p>A change submitted with {@link #sessionCommitted} or {@link #retainedCommitted} comes with a future that
 * completes once the batch holding it has been applied (committed), or exceptionally when that batch failed or the
 * writer is closed. That is how a QoS 1/2 PUBLISH is acknowledged only once it is durable; grouping many such
 * changes in one batch keeps the cost of a commit shared.
 */
final class PersistenceWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceWriter.class);
    private static final int BATCH = 500;

    /** A change and the future to complete when it is committed, or {@code null} when nobody waits. */
    private record Pending<T>(T change, CompletableFuture<Void> committed) {}

    private final SessionStore sessions;
    private final RetainedMessageStore retained;
    private final Queue<Pending<SessionStore.Change>> sessionChanges = new ConcurrentLinkedQueue<>();
    private final Queue<Pending<RetainedMessageStore.Change>> retainedChanges = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mqtt-persistence");
        t.setDaemon(true);
        return t;
    });

    PersistenceWriter(SessionStore sessions, RetainedMessageStore retained) {
        this.sessions = sessions;
        this.retained = retained;
    }

    void session(SessionStore.Change change) {
        sessionChanges.add(new Pending<>(change, null));
        schedule();
    }

    /** Submits {@code change}; the future completes when it is committed. */
    CompletableFuture<Void> sessionCommitted(SessionStore.Change change) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        sessionChanges.add(new Pending<>(change, committed));
        schedule();
        return committed;
    }

    void retained(RetainedMessageStore.Change change) {
        retainedChanges.add(new Pending<>(change, null));
        schedule();
    }

    /** Submits {@code change}; the future completes when it is committed. */
    CompletableFuture<Void> retainedCommitted(RetainedMessageStore.Change change) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        retainedChanges.add(new Pending<>(change, committed));
        schedule();
        return committed;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                LOG.warn("Persistence is closed; dropping changes submitted after the broker stopped");
                failAll(sessionChanges, e);
                failAll(retainedChanges, e);
            }
        }
    }

    private void drain() {
        scheduled.set(false);
        flush(sessionChanges, sessions::apply, "session");
        flush(retainedChanges, retained::apply, "retained");
    }

    private static <T> void flush(Queue<Pending<T>> queue, Consumer<List<T>> apply, String what) {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(next);
            if (batch.size() == BATCH || queue.isEmpty()) {
                try {
                    apply.accept(batch.stream().map(Pending::change).toList());
                    batch.forEach(p -> complete(p, null));
                } catch (RuntimeException e) {
                    LOG.error("Could not store {} {} changes; they are lost", batch.size(), what, e);
                    batch.forEach(p -> complete(p, e));
                }
                batch = new ArrayList<>();
            }
        }
    }

    private static <T> void failAll(Queue<Pending<T>> queue, Exception cause) {
        for (Pending<T> next = queue.poll(); next != null; next = queue.poll()) {
            complete(next, cause);
        }
    }

    private static void complete(Pending<?> p, Exception error) {
        if (p.committed() == null) {
            return;
        }
        if (error == null) {
            p.committed().complete(null);
        } else {
            p.committed().completeExceptionally(error);
        }
    }

    /** Writes what is pending and stops the thread. */
    @Override
    public void close() {
        try {
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            return; // already closed
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Persistence did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
