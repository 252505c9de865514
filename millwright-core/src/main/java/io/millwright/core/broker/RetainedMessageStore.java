package io.millwright.core.broker;

import java.util.List;

/**
 * Durable copy of the broker's retained messages, so that they survive a restart. The broker keeps the authoritative
 * copy in memory while it runs; this store is written behind it.
 *
 * <p><b>Threads.</b> {@link #loadAll()} is called once, when the broker starts, before it accepts connections. {@link
 * #apply} is called by the broker's single persistence thread, never by a network event loop, so implementations may
 * block (JDBC). Calls never overlap.
 *
 * <p><b>Durability.</b> Changes are batched, and a QoS 1/2 PUBLISH that sets or clears a retained message is
 * acknowledged to its publisher (PUBACK/PUBREC) only after its change has been applied, so implementations must commit
 * before {@link #apply} returns. A retained QoS 0 PUBLISH, a will and a platform-originated message are not
 * acknowledged to anyone and may be lost by a crash before their batch is written. When {@link #apply} throws, the
 * broker logs and drops the batch and refuses the PUBLISHes waiting on it (MQTT 5: reason 0x80; MQTT 3.1.1: the
 * connection is closed without acknowledgement so that the client resends).
 */
public interface RetainedMessageStore {

    /** One change to the retained set. */
    sealed interface Change permits Put, Clear {}

    /** Stores {@code message}, replacing any earlier retained message of its tenant and topic. */
    record Put(RetainedMessage message) implements Change {}

    /** Removes the retained message of {@code tenantId}/{@code topic}, if any. */
    record Clear(String tenantId, String topic) implements Change {}

    /** Every stored retained message, all tenants. */
    List<RetainedMessage> loadAll();

    /** Applies {@code changes} in order, ideally in one transaction. Later changes to the same topic win. */
    void apply(List<Change> changes);
}
