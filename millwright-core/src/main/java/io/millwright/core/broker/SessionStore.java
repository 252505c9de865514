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
 * <p><b>Durability.</b> Changes are batched (up to a few hundred per call, in order). Messages are acknowledged to
 * their publishers before they are stored, so a crash may lose the last batch. When {@link #apply} throws, the broker
 * logs and drops the batch. Expired sessions returned by {@link #loadAll()} are deleted by the broker.
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
