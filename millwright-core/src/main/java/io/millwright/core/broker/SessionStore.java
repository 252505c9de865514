package io.millwright.core.broker;

import java.util.List;

/**
 * Durable copy of the broker's persistent sessions (clean start 0 / clean session 0 with a non-zero expiry), so that
 * subscriptions and queued QoS 1/2 messages survive a restart. Sessions with expiry 0 are never stored.
 *
 * <p>The broker keeps the authoritative state in memory while it runs and writes behind it:
 *
 * <ul>
 *   <li>{@link Save} when a persistent session's client disconnects (the full snapshot, replacing any earlier one) and
 *       when a connected persistent session changes its subscriptions;
 *   <li>{@link Append} for each QoS 1/2 message queued while the client is offline;
 *   <li>{@link Delete} when the session ends (expiry, clean start, or a subsequent connection with expiry 0).
 * </ul>
 *
 * <p><b>Threads.</b> {@link #loadAll()} is called once, when the broker starts, before it accepts connections. {@link
 * #apply} is called only by the broker's single persistence thread, never by a network event loop, so
 * implementations may block (JDBC). Calls never overlap.
 *
 * <p><b>Durability.</b> Changes are batched (up to a few hundred per call, in order), and a QoS 1/2 PUBLISH is
 * acknowledged only once it is durable: when it was queued for at least one offline persistent session, the publisher
 * gets its PUBACK/PUBREC only after the {@link Append} has been applied (the call returned). Implementations must
 * therefore commit before {@link #apply} returns. What is not covered: a {@link Save} written when a client
 * disconnects or changes its subscriptions is not waited for by anyone, so a crash right after a SUBSCRIBE may lose
 * that subscription; messages in flight to a connected client are stored only with the next {@link Save}. When
 * {@link #apply} throws, the broker logs and drops the batch, and the PUBLISHes waiting on it are refused (MQTT 5:
 * reason 0x80) or, on MQTT 3.1.1, left unacknowledged with the connection closed so that the client sends them
 * again. Expired sessions returned by {@link #loadAll()} are deleted by the broker.
 *
 * <p>Inbound QoS 2 state (packet identifiers answered with PUBREC and awaiting PUBREL) is part of the snapshot saved
 * on disconnect ({@link StoredSession#awaitingRelease()}); after a crash it may be missing, in which case the
 * client's PUBREL is answered PUBCOMP 0x92 on MQTT 5. The message itself was routed before PUBREC, so it is neither
 * lost nor duplicated.
 */
public interface SessionStore {

    /** One change to the stored sessions. */
    sealed interface Change permits Save, Append, Delete {}

    /** Stores the whole session, replacing any earlier copy including its messages. */
    record Save(StoredSession session) implements Change {}

    /** Adds {@code message} at the end of the stored session's messages; ignored when the session is not stored. */
    record Append(String tenantId, String clientId, QueuedMessage message) implements Change {}

    /** Removes the session and its messages, if stored. */
    record Delete(String tenantId, String clientId) implements Change {}

    /** Every stored session, all tenants. */
    List<StoredSession> loadAll();

    /** Applies {@code changes} in order, ideally in one transaction. */
    void apply(List<Change> changes);
}
