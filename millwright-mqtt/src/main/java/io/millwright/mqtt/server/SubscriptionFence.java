package io.millwright.mqtt.server;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one tenant's subscription changes ahead of the messages read after them: a SUBSCRIBE or UNSUBSCRIBE the broker
 * read from any connection before it read a PUBLISH takes effect before that PUBLISH is routed.
 *
 * <p>Without it, a client that subscribes and another that publishes right after could see the message routed before
 * the subscription exists: each packet goes from its channel's event loop to its own session's event loop (see {@link
 * SessionRegistry}), and nothing orders two loops. MQTT orders packets within one connection only (section 4.6), but
 * clients reasonably expect a subscription sent before a publication to match it (the Eclipse Paho interoperability
 * suite does, in its no-local and request/response tests).
 *
 * <p>A change takes a ticket when its packet is read (channel loop) and returns it once applied (session loop). A
 * PUBLISH notes the last ticket handed out when read; routing waits until no ticket up to that one is outstanding.
 * Packets that had arrived but were not read yet when the PUBLISH was read are covered by the {@link ReadBarrier},
 * which moves the PUBLISH's horizon past them. Thread-safe.
 */
final class SubscriptionFence {

    private final AtomicLong issued = new AtomicLong();
    private final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();

    /** A SUBSCRIBE or UNSUBSCRIBE was read: its ticket, to {@link #applied} once its change is made (or dropped). */
    long read() {
        long ticket = issued.incrementAndGet();
        outstanding.add(ticket);
        return ticket;
    }

    void applied(long ticket) {
        outstanding.remove(ticket);
    }

    /** For a PUBLISH being read: the horizon to pass to {@link #passed}. */
    long horizon() {
        return issued.get();
    }

    /** Whether every change read up to {@code horizon} is applied. */
    boolean passed(long horizon) {
        Long oldest = outstanding.ceiling(Long.MIN_VALUE);
        return oldest == null || oldest > horizon;
    }
}
