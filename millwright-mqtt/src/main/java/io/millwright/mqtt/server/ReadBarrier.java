package io.millwright.mqtt.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Extends the {@link SubscriptionFence} to packets that have arrived but are not read yet: a PUBLISH is routed only
 * after every worker event loop has made one pass over its ready sockets since the PUBLISH was read.
 *
 * <p>The fence orders a PUBLISH behind the SUBSCRIBE and UNSUBSCRIBE packets the broker has already read. Each
 * connection is read by its own event loop, though, so when one client subscribes and another publishes a moment
 * later, the publisher's loop may read the PUBLISH before the subscriber's loop, busy or not scheduled, has read the
 * SUBSCRIBE that arrived first. MQTT orders packets within one connection only (section 4.6), but clients reasonably
 * expect the subscription to match (the Eclipse Paho interoperability suite does, without waiting for the SUBACK). A
 * loop reads its ready sockets before it runs its scheduled tasks, so once each loop has run a task scheduled after
 * the PUBLISH was read, every packet that had arrived by then has been read, and its subscription change has taken a
 * fence ticket (or is applied: a channel lives on its session's loop, see {@link SessionStart}).
 *
 * <p><b>Generations.</b> One barrier pass, a generation, serves every PUBLISH read before it started: a PUBLISH takes
 * the number of the next generation to start ({@link #ticket()}), and routing waits until that one has completed
 * ({@link #passed}, {@link #await}). A generation asks each loop to schedule a task for after its next pass over its
 * sockets; when the last has run, the waiters are resumed, one task per loop. Generations run one at a time and only
 * while someone waits, so the cost is a few tasks per loop per generation, not per message. Thread-safe.
 */
final class ReadBarrier {

    private static final class Waiter {
        final long generation;
        final EventExecutor loop;
        final Runnable resume;
        /** Taken by the one thread that resumes it. */
        final AtomicBoolean claimed = new AtomicBoolean();

        Waiter(long generation, EventExecutor loop, Runnable resume) {
            this.generation = generation;
            this.loop = loop;
            this.resume = resume;
        }
    }

    private final List<EventExecutor> loops;
    /** The last generation started. */
    private final AtomicLong started = new AtomicLong();
    /** The highest generation a PUBLISH waits for. */
    private final AtomicLong requested = new AtomicLong();
    /** The last generation completed: every generation up to it has completed. */
    private volatile long completed;
    /** Set on shutdown: the barrier no longer holds anything. */
    private volatile boolean released;

    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicInteger remaining = new AtomicInteger();
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    ReadBarrier(Iterable<? extends EventExecutor> workerLoops) {
        List<EventExecutor> list = new ArrayList<>();
        workerLoops.forEach(list::add);
        this.loops = List.copyOf(list);
    }

    /** A barrier that is always passed: for a broker driven on one embedded loop in tests. */
    static ReadBarrier none() {
        return new ReadBarrier(List.of());
    }

    /** For a PUBLISH just read: the generation routing must wait for; starts one if none is running. */
    long ticket() {
        if (loops.isEmpty()) {
            return 0;
        }
        long generation = started.get() + 1;
        requested.accumulateAndGet(generation, Math::max);
        startIfWanted();
        return generation;
    }

    boolean passed(long generation) {
        return released || completed >= generation;
    }

    /**
     * On shutdown, before the loops stop: every wait ends now, so that PUBLISHes already read are still routed while
     * the loops finish their tasks (a stopping loop drops the scheduled tasks a generation needs).
     */
    void release() {
        released = true;
        resumeWaiters();
    }

    /** Runs {@code resume} on {@code loop} once {@code generation} has completed (at once if it has). */
    void await(long generation, EventExecutor loop, Runnable resume) {
        waiters.add(new Waiter(generation, loop, resume));
        if (passed(generation)) {
            resumeWaiters();
        }
    }

    private void startIfWanted() {
        while (requested.get() > completed && inFlight.compareAndSet(false, true)) {
            if (requested.get() <= completed) {
                inFlight.set(false);
                continue;
            }
            long generation = started.incrementAndGet();
            remaining.set(loops.size());
            for (EventExecutor loop : loops) {
                arriveAfterNextPass(loop, generation);
            }
            return;
        }
    }

    /**
     * A task run from the loop's queue schedules a second one: scheduled tasks are taken into the queue only when the
     * loop next turns to its tasks, which is after its next pass over the ready sockets.
     */
    private void arriveAfterNextPass(EventExecutor loop, long generation) {
        try {
            loop.execute(() -> {
                try {
                    loop.schedule(() -> arrive(generation), 0, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    arrive(generation);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            arrive(generation);
        }
    }

    private void arrive(long generation) {
        if (remaining.decrementAndGet() > 0) {
            return;
        }
        completed = generation;
        inFlight.set(false);
        resumeWaiters();
        startIfWanted();
    }

    private void resumeWaiters() {
        Map<EventExecutor, List<Runnable>> byLoop = new IdentityHashMap<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (passed(w.generation) && w.claimed.compareAndSet(false, true)) {
                it.remove();
                byLoop.computeIfAbsent(w.loop, l -> new ArrayList<>()).add(w.resume);
            }
        }
        byLoop.forEach((loop, resumes) -> {
            try {
                loop.execute(() -> resumes.forEach(Runnable::run));
            } catch (RejectedExecutionException shuttingDown) {
                // the loop is gone, and with it the sessions that waited
            }
        });
    }
}
