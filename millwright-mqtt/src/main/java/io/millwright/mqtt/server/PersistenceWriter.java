package io.millwright.mqtt.server;

import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session and retained changes behind the in-memory state, in batches, on one dedicated thread: the only
 * thread that ever calls the stores' {@code apply}, so event loops never block on storage.
 */
final class PersistenceWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PersistenceWriter.class);
    private static final int BATCH = 500;

    private final SessionStore sessions;
    private final RetainedMessageStore retained;
    private final Queue<SessionStore.Change> sessionChanges = new ConcurrentLinkedQueue<>();
    private final Queue<RetainedMessageStore.Change> retainedChanges = new ConcurrentLinkedQueue<>();
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
        sessionChanges.add(change);
        schedule();
    }

    void retained(RetainedMessageStore.Change change) {
        retainedChanges.add(change);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        flush(sessionChanges, sessions::apply, "session");
        flush(retainedChanges, retained::apply, "retained");
    }

    private static <T> void flush(Queue<T> queue, java.util.function.Consumer<List<T>> apply, String what) {
        List<T> batch = new ArrayList<>();
        for (T change = queue.poll(); change != null; change = queue.poll()) {
            batch.add(change);
            if (batch.size() == BATCH || queue.isEmpty()) {
                try {
                    apply.accept(batch);
                } catch (RuntimeException e) {
                    LOG.error("Could not store {} {} changes; they are lost", batch.size(), what, e);
                }
                batch = new ArrayList<>();
            }
        }
    }

    /** Writes what is pending and stops the thread. */
    @Override
    public void close() {
        thread.execute(this::drain);
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
