package io.millwright.mqtt.server;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.QueuedMessage;
import io.millwright.core.broker.SessionOwner;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.StoredSession;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The state of one MQTT session (MQTT 5.0 section 4.1): subscriptions, outbound QoS 1/2 messages, inbound QoS 2
 * exchanges, the will and the expiry. Every method runs on {@link #loop}, the session's event loop, so nothing here is
 * locked; see {@link SessionRegistry} for how work gets there. Only {@link #isOnline()} may be read from any thread.
 */
final class Session {

    /** A will message and its Will Delay Interval (section 3.1.3.2.2). */
    record Will(Message message, long delaySeconds) {}

    final SessionKey key;
    final EventExecutor loop;
    private final BrokerContext ctx;
    private final Router router;
    private final SessionRegistry registry;
    private final Subscriptions subscriptions;
    private final OutboundFlow outbound;
    private final Set<Integer> awaitingRelease = new HashSet<>();

    private Connection connection;
    private InboundFlow inbound;
    private volatile boolean online;
    private volatile Principal principal;
    /** Who may resume the session; {@code null} only for a restored session stored without an owner. */
    private SessionOwner owner;

    private volatile long expiryInterval;
    private Will will;
    private ScheduledFuture<?> willTimer;
    private ScheduledFuture<?> expiryTimer;
    private boolean ended;

    Session(SessionKey key, EventExecutor loop, BrokerContext ctx, Router router, SessionRegistry registry) {
        this.key = key;
        this.loop = loop;
        this.ctx = ctx;
        this.router = router;
        this.registry = registry;
        this.subscriptions = new Subscriptions(key, router.tenant(key.tenantId()), ctx.config(), ctx.access());
        this.outbound = new OutboundFlow(ctx, key);
    }

    boolean isOnline() {
        return online;
    }

    Principal principal() {
        return principal;
    }

    /** Whether a client of {@code p} may resume or take over this session (see {@link SessionOwner}). */
    boolean mayBeUsedBy(Principal p) {
        return owner == null || owner.equals(SessionOwner.of(p));
    }

    /** Whether the session outlives its connection; read from any thread by the router. */
    boolean isPersistent() {
        return expiryInterval > 0;
    }

    /**
     * Binds a new connection: CONNACK first [MQTT-3.2.0-1], then the resent in-flight and queued messages
     * [MQTT-4.4.0-1].
     */
    void attach(Connection c, boolean sessionPresent, long expiry, Will newWill, MqttProperties connAckProperties) {
        cancelTimers();
        connection = c;
        c.attached = true;
        online = true;
        principal = c.info.principal();
        owner = SessionOwner.of(principal);
        expiryInterval = expiry;
        will = newWill;
        inbound = new InboundFlow(ctx, router, c, awaitingRelease);
        c.send(Packets.connAck(0, sessionPresent, connAckProperties));
        ctx.notifyConnected(c);
        outbound.resume(c);
        if (!sessionPresent && expiryInterval > 0) {
            ctx.persistence().session(new SessionStore.Save(snapshot(null)));
        }
    }

    /** The connection is replaced by a new one for the same client id [MQTT-3.1.4-3]; the will is dropped. */
    void takenOver() {
        if (connection != null) {
            connection.close(ReasonCode.SESSION_TAKEN_OVER, "another connection took over the session");
            detach();
        }
        will = null;
    }

    void onPacket(Connection c, InboundPacket packet) {
        if (c != connection) {
            return; // a packet of a connection that was taken over or closed meanwhile
        }
        if (packet instanceof InboundPacket.Publish p) {
            inbound.publish(p);
        } else if (packet instanceof InboundPacket.PubAck a) {
            outbound.pubAck(c, a.packetId(), a.reasonCode());
        } else if (packet instanceof InboundPacket.PubRec r) {
            outbound.pubRec(c, r.packetId(), r.reasonCode());
        } else if (packet instanceof InboundPacket.PubRel r) {
            inbound.release(r.packetId());
        } else if (packet instanceof InboundPacket.PubComp pc) {
            outbound.pubComp(c, pc.packetId());
        } else if (packet instanceof InboundPacket.Subscribe s) {
            subscribe(c, s);
        } else if (packet instanceof InboundPacket.Unsubscribe u) {
            List<Short> codes = subscriptions.unsubscribe(u.filters());
            c.send(Packets.unsubAck(u.packetId(), codes));
            persistSubscriptions();
        } else if (packet instanceof InboundPacket.Disconnect d) {
            disconnect(c, d);
        }
    }

    /**
     * Delivers a routed message, or queues it while the client is offline. Returns, when {@code awaitCommit} is set
     * and the message was queued for this offline persistent session, the future of its commit; else {@code null}.
     */
    CompletableFuture<Void> deliver(Message m, SubscriptionTree.Match match, boolean awaitCommit) {
        int qos = Math.min(m.qos(), match.qos);
        boolean retain = m.retain() && match.retainAsPublished; // [MQTT-3.3.1-12], [MQTT-3.3.1-13]
        Message delivered = match.mount == null ? m : m.withTopic(match.mount.toClient(m.topic()));
        QueuedMessage queued = outbound.deliver(connection, delivered, qos, retain, match.subscriptionIds);
        if (queued == null || expiryInterval == 0) {
            return null;
        }
        SessionStore.Append append = new SessionStore.Append(key.tenantId(), key.clientId(), queued);
        if (awaitCommit) {
            return ctx.persistence().sessionCommitted(append);
        }
        ctx.persistence().session(append);
        return null;
    }

    void writable(Connection c) {
        if (c == connection) {
            outbound.drain(c);
        }
    }

    /**
     * The network connection closed without the session being taken over: publish the will now or after its delay
     * [MQTT-3.1.3-9], and end the session now or when it expires [MQTT-3.1.2-23].
     */
    void connectionLost(Connection c) {
        if (c != connection) {
            return;
        }
        detach();
        if (will != null) {
            long delay = Math.min(will.delaySeconds(), expiryInterval);
            if (delay == 0) {
                publishWill();
            } else {
                willTimer = loop.schedule(this::publishWill, delay, TimeUnit.SECONDS);
            }
        }
        if (expiryInterval == 0) {
            end();
        } else {
            if (expiryInterval != StoredSession.NEVER_EXPIRES) {
                expiryTimer = loop.schedule(this::end, expiryInterval, TimeUnit.SECONDS);
            }
            ctx.persistence().session(new SessionStore.Save(snapshot(Instant.ofEpochMilli(ctx.now()))));
        }
    }

    /** Ends the session: the will (if still pending) goes out now [MQTT-3.1.3-9], state is discarded. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        if (will != null) {
            publishWill();
        }
        if (connection != null) {
            connection.channel.close();
            detach();
        }
        subscriptions.clear();
        outbound.clear();
        registry.removed(this);
        if (expiryInterval > 0) {
            ctx.persistence().session(new SessionStore.Delete(key.tenantId(), key.clientId()));
        }
    }

    /** Server-initiated disconnect of the current connection (kick, shutdown). */
    void kick(int reasonCode, String reasonString) {
        if (connection != null) {
            connection.close(reasonCode, reasonString);
        }
    }

    /** Restores a stored offline session at start; it expires {@code remainingSeconds} from now. */
    void restore(StoredSession stored, long remainingSeconds) {
        expiryInterval = stored.sessionExpiryInterval();
        owner = stored.owner();
        awaitingRelease.addAll(stored.awaitingRelease());
        DeviceTopicMount mount = DeviceTopicMount.of(owner);
        stored.subscriptions().forEach(s -> subscriptions.restore(Subscription.fromStored(s, mount)));
        stored.messages().forEach(m -> outbound.restore(key.tenantId(), m));
        if (expiryInterval != StoredSession.NEVER_EXPIRES) {
            expiryTimer = loop.schedule(this::end, remainingSeconds, TimeUnit.SECONDS);
        }
    }

    private void subscribe(Connection c, InboundPacket.Subscribe s) {
        Subscriptions.Result result = subscriptions.subscribe(c, s, ctx.now());
        if (result.protocolError()) {
            c.close(ReasonCode.PROTOCOL_ERROR, "no local is not allowed on a shared subscription");
            return;
        }
        c.send(Packets.subAck(s.packetId(), result.codes()));
        for (Subscriptions.Retained r : result.retained()) {
            Subscription sub = r.subscription();
            List<Integer> ids = sub.subscriptionId() > 0 ? List.of(sub.subscriptionId()) : List.of();
            // Retained messages sent for a new subscription keep RETAIN=1 [MQTT-3.3.1-9].
            outbound.deliver(
                    c, sub.asDelivered(r.message()), Math.min(r.message().qos(), sub.qos()), true, ids);
        }
        persistSubscriptions();
        ctx.notifySubscribed(c, result.granted());
    }

    private void disconnect(Connection c, InboundPacket.Disconnect d) {
        if (d.sessionExpiry() != null) {
            if (expiryInterval == 0 && d.sessionExpiry() > 0) {
                c.close(ReasonCode.PROTOCOL_ERROR, "session expiry cannot be set on DISCONNECT"); // [MQTT-3.14.2-2]
                return;
            }
            expiryInterval = Math.min(d.sessionExpiry(), ctx.config().maxSessionExpiry());
        }
        if (d.reasonCode() != ReasonCode.DISCONNECT_WITH_WILL) {
            will = null; // [MQTT-3.14.4-3]
        }
        c.channel.close();
    }

    private void publishWill() {
        Will w = will;
        will = null;
        willTimer = null;
        if (w != null) {
            Message m = w.message();
            // The Message Expiry Interval of a will counts from its publication (section 3.1.3.2.4).
            router.route(new Message(
                    m.tenantId(),
                    m.topic(),
                    m.payload(),
                    m.qos(),
                    m.retain(),
                    m.properties(),
                    Message.expiresAt(m.properties(), ctx.now()),
                    m.publisher()));
        }
    }

    private void detach() {
        connection = null;
        inbound = null;
        online = false;
    }

    private void cancelTimers() {
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    private void persistSubscriptions() {
        if (expiryInterval > 0) {
            ctx.persistence().session(new SessionStore.Save(snapshot(null)));
        }
    }

    private StoredSession snapshot(Instant disconnectedAt) {
        return new StoredSession(
                key.tenantId(),
                key.clientId(),
                expiryInterval,
                disconnectedAt,
                subscriptions.all().stream().map(Subscription::toStored).toList(),
                outbound.snapshot(),
                owner,
                List.copyOf(awaitingRelease));
    }
}
