package io.millwright.mqtt.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds back the acknowledgement of one QoS 1/2 PUBLISH until every durable change it caused is committed: the
 * retained message it set or cleared, and its copy queued for each offline persistent session. Routing registers one
 * party per persistent session the message is handed to ({@link #expect()}); each such session, on its own loop,
 * either waits on the commit of what it queued ({@link #awaitCommit}) or has nothing to store, and then {@link
 * #arrive()}s. Thread-safe: sessions on different event loops arrive concurrently.
 */
final class AckBarrier {

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Starts at one for the routing itself, released by {@link #routed()}. */
    private final AtomicInteger outstanding = new AtomicInteger(1);

    /** One more party must arrive before the acknowledgement may go out. */
    void expect() {
        outstanding.incrementAndGet();
    }

    /** A party has nothing (more) to wait for. */
    void arrive() {
        if (outstanding.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    /** Waits for {@code commit} as one more party; a failed commit fails the barrier. */
    void awaitCommit(CompletableFuture<Void> commit) {
        expect();
        commit.whenComplete((ignored, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                arrive();
            }
        });
    }

    /** Routing has registered every party; returns the future that completes when they all arrived. */
    CompletableFuture<Void> routed() {
        arrive();
        return done;
    }
}
