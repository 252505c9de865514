package io.millwright.mqtt.server;

import io.millwright.core.broker.RetainedMessage;
import io.millwright.core.broker.RetainedMessageStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes application messages to sessions. Every tenant has its own subscription tree and retained set, created on
 * first use: a message is only ever matched against the subscriptions of its own tenant, whatever filter a client of
 * another tenant uses. Thread-safe; called from any session's event loop and from platform threads.
 */
final class Router {

    /** One tenant's topic namespace. */
    record TenantSpace(SubscriptionTree subscriptions, RetainedMessages retained, SubscriptionFence fence) {}

    private final Map<String, TenantSpace> tenants = new ConcurrentHashMap<>();
    private final SessionRegistry registry;
    private final PersistenceWriter persistence;

    Router(SessionRegistry registry, PersistenceWriter persistence) {
        this.registry = registry;
        this.persistence = persistence;
    }

    TenantSpace tenant(String tenantId) {
        return tenants.computeIfAbsent(
                tenantId,
                t -> new TenantSpace(new SubscriptionTree(), new RetainedMessages(), new SubscriptionFence()));
    }

    /**
     * Stores or clears the retained message when the RETAIN flag is set [MQTT-3.3.1-5], then hands one copy per
     * matching session to that session's event loop. Returns the number of sessions matched. Nothing waits for the
     * changes to be stored: for platform messages and wills, which nobody acknowledges.
     */
    int route(Message m) {
        return dispatch(m, null);
    }

    /**
     * Routes a client's QoS 1/2 PUBLISH like {@link #route}; the future completes once every durable change it
     * caused is committed (the retained message, the copies queued for offline persistent sessions), and only then
     * may it be acknowledged. It fails when a change could not be stored.
     */
    CompletableFuture<Void> routeAcknowledged(Message m) {
        AckBarrier barrier = new AckBarrier();
        dispatch(m, barrier);
        return barrier.routed();
    }

    private int dispatch(Message m, AckBarrier barrier) {
        TenantSpace space = tenant(m.tenantId());
        if (m.retain()) {
            space.retained().update(m);
            RetainedMessageStore.Change change = m.payload().length == 0
                    ? new RetainedMessageStore.Clear(m.tenantId(), m.topic())
                    : new RetainedMessageStore.Put(toStored(m));
            if (barrier == null) {
                persistence.retained(change);
            } else {
                barrier.awaitCommit(persistence.retainedCommitted(change));
            }
        }
        Map<SessionKey, SubscriptionTree.Match> matches =
                space.subscriptions().match(m.topic(), m.publisher(), registry::isOnline);
        matches.forEach((key, match) -> {
            // Only a persistent session may queue the message durably; the others need not be waited for.
            AckBarrier party = barrier != null && registry.isPersistent(key) ? barrier : null;
            if (party != null) {
                party.expect();
            }
            registry.deliver(key, m, match, party);
        });
        return matches.size();
    }

    /**
     * Delivers {@code m} to the session {@code key} only, if one of its subscriptions matches, with that subscription's
     * options; nothing is retained. Returns whether it matched.
     */
    boolean routeTo(SessionKey key, Message m) {
        SubscriptionTree.Match match = tenant(m.tenantId()).subscriptions().matchFor(m.topic(), key);
        if (match == null) {
            return false;
        }
        registry.deliver(key, m, match, null);
        return true;
    }

    /** The client ids of the tenant's sessions (online or not) with a subscription matching {@code topic}. */
    Set<String> subscribers(String tenantId, String topic) {
        Set<String> clientIds = new HashSet<>();
        tenant(tenantId).subscriptions().subscribers(topic).forEach(k -> clientIds.add(k.clientId()));
        return clientIds;
    }

    /** Restores a retained message loaded from the store at start. */
    void restore(RetainedMessage r) {
        long expires = r.expiresAt() == null ? Long.MAX_VALUE : r.expiresAt().toEpochMilli();
        tenant(r.tenantId())
                .retained()
                .update(new Message(
                        r.tenantId(), r.topic(), r.payload(), r.qos(), true, r.properties(), expires, null));
    }

    private static RetainedMessage toStored(Message m) {
        return new RetainedMessage(
                m.tenantId(),
                m.topic(),
                m.payload(),
                m.qos(),
                m.properties().withMessageExpiryInterval(null),
                Instant.now(),
                m.expiresAtMillis() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(m.expiresAtMillis()));
    }
}
