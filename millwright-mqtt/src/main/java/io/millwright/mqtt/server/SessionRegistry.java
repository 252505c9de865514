package io.millwright.mqtt.server;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.SessionOwner;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.StoredSession;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.concurrent.EventExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All sessions, and the broker's concurrency model.
 *
 * <p><b>Concurrency model.</b> Every session is pinned to one Netty event loop, chosen by hashing its {@link
 * SessionKey} over the worker loops, for its whole life (across connections, while offline, across takeovers). All
 * session state is read and written only on that loop, so it needs no locks; takeover of a client id is race-free
 * because both connections' work lands on the same loop. Once its CONNECT is authenticated, a channel moves to its
 * session's loop ({@link SessionStart}), so the channel handler hands each decoded packet to the session directly, in
 * order, and the session writes to its own channel without a hand-off. Other work reaches a session by {@code
 * loop.execute}: the router forwards each matched message from the publisher's loop, timers (will delay, session
 * expiry) are scheduled on it; a channel that is not on its session's loop (the embedded broker of the unit tests)
 * has its packets travel by {@code loop.execute} too (FIFO per submitting thread keeps their order) and its writes
 * handed back by {@link WriteBatcher}. Only the subscription
 * trees and retained sets are shared between loops, as concurrent structures. Nothing on these loops blocks:
 * authentication and persistence run on their own executors.
 */
final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final List<EventExecutor> loops;
    private BrokerContext ctx;
    private Router router;

    SessionRegistry(Iterable<EventExecutor> workerLoops) {
        List<EventExecutor> list = new ArrayList<>();
        workerLoops.forEach(list::add);
        this.loops = List.copyOf(list);
    }

    void wire(BrokerContext context, Router messageRouter) {
        this.ctx = context;
        this.router = messageRouter;
    }

    EventExecutor loopFor(SessionKey key) {
        return loops.get(Math.floorMod(key.hashCode(), loops.size()));
    }

    /** The subscription fence of {@code tenantId}'s topic space; any thread. */
    SubscriptionFence fence(String tenantId) {
        return router.tenant(tenantId).fence();
    }

    /** Whether the session has a connected client; any thread (used to prefer online shared-group members). */
    boolean isOnline(SessionKey key) {
        Session s = sessions.get(key);
        return s != null && s.isOnline();
    }

    /**
     * On the session loop: attaches {@code c}, taking the session over from an existing connection [MQTT-3.1.4-3]
     * and ending the old session on clean start [MQTT-3.1.2-4] or when its expiry is 0, since closing the old
     * connection ends it [MQTT-3.1.2-23]. A session belongs to the principal that created it
     * ({@link SessionOwner}): a client of another principal of the same tenant using its client id is refused with
     * CONNACK 0x87 Not authorized (5 on MQTT 3.1.1), and the session and its connection stay untouched.
     */
    void attach(Connection c, boolean cleanStart, long expiry, Session.Will will, MqttProperties connAckProperties) {
        Session existing = sessions.get(c.key);
        if (existing != null && !existing.mayBeUsedBy(c.info.principal())) {
            LOG.info(
                    "Refused client {} of {}: the session belongs to another principal",
                    c.key.clientId(),
                    c.info.principal().name());
            c.channel
                    .writeAndFlush(Packets.connAck(
                            c.isV5() ? ReasonCode.NOT_AUTHORIZED : 0x05, false, MqttProperties.NO_PROPERTIES))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (existing != null) {
            existing.takenOver();
            // A session with expiry 0 ends with its network connection, which the takeover just closed.
            if (cleanStart || !existing.isPersistent()) {
                existing.end();
                existing = null;
            }
        }
        Session session = existing;
        if (session == null) {
            session = new Session(c.key, loopFor(c.key), ctx, router, this);
            sessions.put(c.key, session);
        }
        session.attach(c, existing != null, expiry, will, connAckProperties);
    }

    /** Whether the session keeps state after its connection closes (session expiry &gt; 0); any thread. */
    boolean isPersistent(SessionKey key) {
        Session s = sessions.get(key);
        return s != null && s.isPersistent();
    }

    /**
     * From any thread: hands a matched message to the session's loop. With a {@code barrier}, the session arrives at
     * it once the message is delivered, or once the copy it queued for its offline client is committed.
     */
    void deliver(SessionKey key, Message m, SubscriptionTree.Match match, AckBarrier barrier) {
        EventExecutor loop = loopFor(key);
        if (loop.inEventLoop()) {
            deliverNow(key, m, match, barrier);
        } else {
            loop.execute(() -> deliverNow(key, m, match, barrier));
        }
    }

    private void deliverNow(SessionKey key, Message m, SubscriptionTree.Match match, AckBarrier barrier) {
        try {
            Session s = sessions.get(key);
            if (s != null) {
                CompletableFuture<Void> commit = s.deliver(m, match, barrier != null);
                if (commit != null) {
                    barrier.awaitCommit(commit);
                }
            }
        } finally {
            if (barrier != null) {
                barrier.arrive();
            }
        }
    }

    /** On the session loop. */
    void onPacket(Connection c, InboundPacket packet) {
        Session s = sessions.get(c.key);
        if (s != null) {
            s.onPacket(c, packet);
        }
    }

    /** On the session loop, after the channel closed. */
    void connectionClosed(Connection c) {
        if (c.attached) {
            ctx.notifyDisconnected(c);
        }
        Session s = sessions.get(c.key);
        if (s != null) {
            s.connectionLost(c);
        }
    }

    /** On the session loop, after the channel became writable again. */
    void writable(Connection c) {
        Session s = sessions.get(c.key);
        if (s != null) {
            s.writable(c);
        }
    }

    void removed(Session s) {
        sessions.remove(s.key, s);
    }

    /** From any thread: disconnects every online session whose principal matches; returns how many were asked. */
    int disconnect(Predicate<Principal> which, int reasonCode, String reasonString) {
        int count = 0;
        for (Session s : sessions.values()) {
            Principal p = s.principal();
            if (s.isOnline() && p != null && which.test(p)) {
                count++;
                s.loop.execute(() -> s.kick(reasonCode, reasonString));
            }
        }
        return count;
    }

    /** At start, before accepting connections: recreates stored sessions that have not expired. */
    void restore(List<StoredSession> stored, Instant now) {
        for (StoredSession s : stored) {
            SessionKey key = new SessionKey(s.tenantId(), s.clientId());
            if (s.isExpiredAt(now)) {
                ctx.persistence().session(new SessionStore.Delete(s.tenantId(), s.clientId()));
                continue;
            }
            Session session = new Session(key, loopFor(key), ctx, router, this);
            sessions.put(key, session);
            Instant since = s.disconnectedAt() == null ? now : s.disconnectedAt();
            long remaining = s.sessionExpiryInterval() - (now.getEpochSecond() - since.getEpochSecond());
            session.loop.execute(() -> session.restore(s, Math.max(0, remaining)));
        }
    }

    int size() {
        return sessions.size();
    }
}
