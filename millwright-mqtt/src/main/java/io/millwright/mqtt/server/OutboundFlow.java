package io.millwright.mqtt.server;

import io.millwright.core.broker.QueuedMessage;
import io.millwright.mqtt.DeliveryListener;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.server.BrokerMetrics.DropReason;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages from the broker to one session's client: QoS 1/2 in flight and queued, packet identifiers, topic aliases
 * and size limits. Owned by the session's event loop like the rest of the session (see {@link SessionRegistry}).
 *
 * <p><b>Flow control.</b> At most the client's Receive Maximum QoS 1/2 messages are in flight [MQTT-3.3.4-7]; the
 * rest wait in a queue bounded by {@code maxQueuedMessages}, also while the client is offline. A full queue applies
 * {@link MqttConfig.QueueOverflow}. <b>Slow subscriber</b>: when the channel is not writable (outbound buffer above the
 * high water mark) QoS 0 messages are dropped and QoS 1/2 messages wait in the queue; writing resumes when the channel
 * becomes writable again. Meanwhile the broker does not read from that client either ({@link SessionHandler}), so a
 * client that never reads is closed by its keep alive timeout. Offline sessions do not keep QoS 0 messages.
 */
final class OutboundFlow {

    private static final class Outbound {
        final Message message;
        final int qos;
        final boolean retain;
        final List<Integer> subscriptionIds;
        int packetId;
        QueuedMessage.State state = QueuedMessage.State.QUEUED;

        Outbound(Message message, int qos, boolean retain, List<Integer> subscriptionIds) {
            this.message = message;
            this.qos = qos;
            this.retain = retain;
            this.subscriptionIds = List.copyOf(subscriptionIds);
        }
    }

    private final BrokerContext ctx;
    private final SessionKey key;
    /** Starts small: most sessions are idle most of the time; it grows by doubling. */
    private final Deque<Outbound> queue = new ArrayDeque<>(2);

    private final Map<Integer, Outbound> inflight = new LinkedHashMap<>();
    private int lastPacketId;

    OutboundFlow(BrokerContext ctx, SessionKey key) {
        this.ctx = ctx;
        this.key = key;
    }

    /**
     * Delivers one message at {@code qos} (already the minimum of published and granted QoS [MQTT-3.8.4-8]) to the
     * client on {@code connection}, or queues it when {@code connection} is {@code null}. Returns the QoS 1/2 message
     * when it was queued for an offline session, for persistence.
     */
    QueuedMessage deliver(Connection connection, Message m, int qos, boolean retain, List<Integer> subscriptionIds) {
        long now = ctx.now();
        if (m.isExpiredAt(now)) {
            ctx.metrics().dropped(DropReason.EXPIRED);
            return null;
        }
        if (qos == 0) {
            if (connection == null) {
                ctx.metrics().dropped(DropReason.OFFLINE_QOS0);
            } else if (!connection.isWritable()) {
                ctx.metrics().dropped(DropReason.SLOW_CONSUMER);
            } else {
                write(connection, m, 0, retain, subscriptionIds, 0, false, now);
            }
            return null;
        }
        Outbound o = new Outbound(m, qos, retain, subscriptionIds);
        if (connection != null && queue.isEmpty() && canSend(connection)) {
            sendInflight(connection, o, now);
            return null;
        }
        if (queue.size() >= ctx.config().maxQueuedMessages()) {
            ctx.metrics().dropped(DropReason.QUEUE_FULL);
            if (ctx.config().queueOverflow() == MqttConfig.QueueOverflow.DROP_NEWEST || queue.isEmpty()) {
                return null;
            }
            queue.pollFirst();
        }
        queue.addLast(o);
        return connection == null ? toStored(o) : null;
    }

    /** Sends queued messages while the client's receive window and the channel allow. */
    void drain(Connection connection) {
        long now = ctx.now();
        while (!queue.isEmpty() && canSend(connection)) {
            Outbound o = queue.pollFirst();
            if (o.message.isExpiredAt(now)) {
                ctx.metrics().dropped(DropReason.EXPIRED);
            } else {
                sendInflight(connection, o, now);
            }
        }
    }

    /**
     * Resends every unacknowledged message on a resumed session, in the original order, PUBLISH with DUP=1 or PUBREL
     * [MQTT-4.4.0-1], [MQTT-4.4.0-2], then sends what was queued.
     */
    void resume(Connection connection) {
        long now = ctx.now();
        for (Outbound o : inflight.values()) {
            if (o.state == QueuedMessage.State.AWAITING_COMPLETE) {
                connection.send(Packets.pubReply(MqttMessageType.PUBREL, o.packetId, 0, null));
            } else {
                write(connection, o.message, o.qos, o.retain, o.subscriptionIds, o.packetId, true, now);
            }
        }
        drain(connection);
    }

    /** PUBACK from the client (QoS 1 done). */
    void pubAck(Connection connection, int packetId, int reasonCode) {
        Outbound o = inflight.get(packetId);
        if (o != null && o.qos == 1) {
            inflight.remove(packetId);
            acknowledged(connection, o, reasonCode);
            drain(connection);
        }
    }

    /** PUBREC from the client: answer PUBREL, or drop the message on a failure code [MQTT-4.3.3-4]. */
    void pubRec(Connection connection, int packetId, int reasonCode) {
        Outbound o = inflight.get(packetId);
        if (o == null || o.qos != 2) {
            connection.send(
                    Packets.pubReply(MqttMessageType.PUBREL, packetId, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null));
            return;
        }
        if (reasonCode >= 0x80) {
            inflight.remove(packetId);
            acknowledged(connection, o, reasonCode);
            drain(connection);
            return;
        }
        o.state = QueuedMessage.State.AWAITING_COMPLETE;
        connection.send(Packets.pubReply(MqttMessageType.PUBREL, packetId, 0, null));
    }

    /** PUBCOMP from the client (QoS 2 done). */
    void pubComp(Connection connection, int packetId) {
        Outbound o = inflight.get(packetId);
        if (o != null && o.state == QueuedMessage.State.AWAITING_COMPLETE) {
            inflight.remove(packetId);
            acknowledged(connection, o, 0);
            drain(connection);
        }
    }

    /** In-flight then queued messages, for a stored snapshot of the session. */
    List<QueuedMessage> snapshot() {
        List<QueuedMessage> result = new ArrayList<>();
        inflight.values().forEach(o -> result.add(toStored(o)));
        queue.forEach(o -> result.add(toStored(o)));
        return result;
    }

    /** Restores a stored message (in the order of {@link #snapshot()}). */
    void restore(String tenantId, QueuedMessage q) {
        long expires = q.expiresAt() == null ? Long.MAX_VALUE : q.expiresAt().toEpochMilli();
        Message m = new Message(tenantId, q.topic(), q.payload(), q.qos(), q.retain(), q.properties(), expires, null);
        Outbound o = new Outbound(m, q.qos(), q.retain(), q.subscriptionIdentifiers());
        if (q.state() == QueuedMessage.State.QUEUED) {
            queue.addLast(o);
        } else {
            o.packetId = q.packetId();
            o.state = q.state();
            inflight.put(q.packetId(), o);
            lastPacketId = Math.max(lastPacketId, q.packetId());
        }
    }

    void clear() {
        queue.clear();
        inflight.clear();
    }

    int queued() {
        return queue.size();
    }

    private boolean canSend(Connection connection) {
        return inflight.size() < connection.limits.receiveMaximum() && connection.isWritable();
    }

    private void sendInflight(Connection connection, Outbound o, long now) {
        o.packetId = nextPacketId();
        o.state = QueuedMessage.State.AWAITING_ACK;
        inflight.put(o.packetId, o);
        if (!write(connection, o.message, o.qos, o.retain, o.subscriptionIds, o.packetId, false, now)) {
            inflight.remove(o.packetId);
        }
    }

    /** Writes a PUBLISH; returns {@code false} when it exceeds the client's Maximum Packet Size and was discarded. */
    private boolean write(
            Connection c,
            Message m,
            int qos,
            boolean retain,
            List<Integer> subscriptionIds,
            int packetId,
            boolean dup,
            long now) {
        var properties = m.propertiesAt(now);
        String topic = m.topic();
        int alias = 0;
        String wireTopic = topic;
        if (c.limits.topicAliasMaximum() > 0) {
            Integer known = c.outboundAliases.get(topic);
            if (known != null) {
                alias = known;
                wireTopic = "";
            } else if (c.outboundAliases.size() < c.limits.topicAliasMaximum()) {
                alias = c.outboundAliases.size() + 1;
                c.outboundAliases.put(topic, alias);
            }
        }
        int size =
                Packets.publishSize(wireTopic, qos, properties, subscriptionIds, alias, m.payload().length, c.isV5());
        if (size > c.limits.maximumPacketSize()) {
            // [MQTT-3.1.2-25]: discard and behave as if the message had been sent.
            ctx.metrics().dropped(DropReason.PACKET_TOO_LARGE);
            return false;
        }
        c.send(Packets.publish(wireTopic, qos, dup, retain, packetId, properties, subscriptionIds, alias, m.payload()));
        ctx.metrics().sent();
        return true;
    }

    private int nextPacketId() {
        for (int i = 0; i < 65_535; i++) {
            lastPacketId = lastPacketId % 65_535 + 1;
            if (!inflight.containsKey(lastPacketId)) {
                return lastPacketId;
            }
        }
        throw new IllegalStateException("no free packet identifier");
    }

    private void acknowledged(Connection connection, Outbound o, int reasonCode) {
        ctx.notifyDelivered(new DeliveryListener.Delivery(
                key.tenantId(),
                key.clientId(),
                connection.info.principal(),
                o.message.topic(),
                o.qos,
                o.message.properties().correlationData(),
                reasonCode));
    }

    private static QueuedMessage toStored(Outbound o) {
        Message m = o.message;
        return new QueuedMessage(
                m.topic(),
                m.payload(),
                o.qos,
                o.retain,
                m.properties().withMessageExpiryInterval(null),
                o.subscriptionIds,
                m.expiresAtMillis() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(m.expiresAtMillis()),
                o.state == QueuedMessage.State.QUEUED ? 0 : o.packetId,
                o.state);
    }
}
