package io.millwright.mqtt.server;

import io.millwright.mqtt.InboundPublish;
import io.millwright.mqtt.PublishOutcome;
import io.millwright.mqtt.server.BrokerMetrics.DropReason;
import io.netty.handler.codec.mqtt.MqttMessageType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes from one connection's client to the broker: authorisation, the {@link
 * io.millwright.mqtt.PublishInterceptor}, acknowledgements and routing, all in arrival order. Runs on the session's
 * event loop; interceptor stages may complete on any thread and hop back to it.
 *
 * <p>Acknowledgements go out in the order PUBLISHes arrived [MQTT-4.6.0-2], [MQTT-4.6.0-3] even when interceptor
 * stages complete out of order: each PUBLISH waits in {@link #pending} until it and all earlier ones are done.
 */
final class InboundFlow {

    private static final Logger LOG = LoggerFactory.getLogger(InboundFlow.class);

    private static final class Pending {
        final InboundPacket.Publish publish;
        final Message message;
        PublishOutcome outcome;
        boolean failed;
        boolean done;

        Pending(InboundPacket.Publish publish, Message message) {
            this.publish = publish;
            this.message = message;
        }
    }

    private final BrokerContext ctx;
    private final Router router;
    private final Connection connection;
    /** QoS 2 packet ids answered with PUBREC and awaiting PUBREL: duplicates are not routed again [MQTT-4.3.3-10]. */
    private final Set<Integer> awaitingRelease;

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Set<Integer> pendingIds = new HashSet<>();
    private int unacknowledged;
    private boolean paused;

    InboundFlow(BrokerContext ctx, Router router, Connection connection, Set<Integer> awaitingRelease) {
        this.ctx = ctx;
        this.router = router;
        this.connection = connection;
        this.awaitingRelease = awaitingRelease;
    }

    void publish(InboundPacket.Publish p) {
        ctx.metrics().received();
        if (p.qos() == 2 && (awaitingRelease.contains(p.packetId()) || pendingIds.contains(p.packetId()))) {
            if (awaitingRelease.contains(p.packetId())) {
                connection.send(Packets.pubReply(MqttMessageType.PUBREC, p.packetId(), 0, null));
            }
            return;
        }
        if (p.qos() == 1 && pendingIds.contains(p.packetId())) {
            return;
        }
        if (p.qos() > 0
                && connection.isV5()
                && unacknowledged + awaitingRelease.size() >= ctx.config().receiveMaximum()) {
            connection.close(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "Receive Maximum exceeded");
            return;
        }
        long now = ctx.now();
        Message message = new Message(
                connection.key.tenantId(),
                p.topic(),
                p.payload(),
                p.qos(),
                p.retain(),
                p.properties(),
                Message.expiresAt(p.properties(), now),
                connection.key);
        Pending entry = new Pending(p, message);
        pending.addLast(entry);
        if (p.qos() > 0) {
            unacknowledged++;
            pendingIds.add(p.packetId());
        }
        if (!ctx.access().mayPublish(connection.info.principal(), connection.grants, p.topic())) {
            ctx.metrics().dropped(DropReason.NOT_AUTHORIZED);
            complete(entry, PublishOutcome.failed(ReasonCode.NOT_AUTHORIZED, "not authorized for " + p.topic()));
            return;
        }
        Optional<CompletionStage<PublishOutcome>> stage;
        try {
            stage = ctx.interceptor()
                    .intercept(new InboundPublish(
                            connection.info.principal(),
                            connection.key.clientId(),
                            p.topic(),
                            p.payload().clone(),
                            p.qos(),
                            p.retain(),
                            p.properties()));
        } catch (RuntimeException e) {
            LOG.warn("Publish interceptor failed for {}", connection, e);
            entry.failed = true;
            complete(entry, null);
            return;
        }
        if (stage.isEmpty()) {
            complete(entry, PublishOutcome.acceptedAndRouted());
            return;
        }
        if (pending.size() > ctx.config().receiveMaximum() && !paused) {
            paused = true;
            connection.pauseReading(Connection.ReadPause.PENDING_INTERCEPTIONS, true);
        }
        stage.get()
                .whenComplete((outcome, error) -> connection.sessionLoop.execute(() -> {
                    if (error != null || outcome == null) {
                        LOG.warn("Publish interceptor stage failed for {}", connection, error);
                        entry.failed = true;
                    }
                    complete(entry, outcome);
                }));
    }

    /** PUBREL: the QoS 2 exchange ends with PUBCOMP [MQTT-4.3.3-11]. */
    void release(int packetId) {
        boolean known = awaitingRelease.remove(packetId);
        connection.send(Packets.pubReply(
                MqttMessageType.PUBCOMP,
                packetId,
                known || !connection.isV5() ? 0 : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND,
                null));
    }

    private void complete(Pending entry, PublishOutcome outcome) {
        entry.outcome = outcome;
        entry.done = true;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            finish(pending.pollFirst());
        }
        if (paused && pending.size() <= ctx.config().receiveMaximum() / 2) {
            paused = false;
            connection.pauseReading(Connection.ReadPause.PENDING_INTERCEPTIONS, false);
        }
    }

    private void finish(Pending entry) {
        InboundPacket.Publish p = entry.publish;
        if (p.qos() > 0) {
            unacknowledged--;
            pendingIds.remove(p.packetId());
        }
        if (entry.failed && !connection.isV5()) {
            // MQTT 3.1.1 has no negative acknowledgement: close unacknowledged so that the client resends.
            connection.channel.close();
            return;
        }
        PublishOutcome outcome = entry.failed
                ? PublishOutcome.failed(ReasonCode.UNSPECIFIED_ERROR, "the message could not be processed")
                : entry.outcome;
        if (outcome.route()) {
            router.route(entry.message);
        }
        int code = connection.isV5() ? outcome.reasonCode() : 0;
        String reason = connection.reason(outcome.reasonString());
        if (p.qos() == 1) {
            connection.send(Packets.pubReply(MqttMessageType.PUBACK, p.packetId(), code, reason));
        } else if (p.qos() == 2) {
            if (code < 0x80) {
                awaitingRelease.add(p.packetId());
            }
            connection.send(Packets.pubReply(MqttMessageType.PUBREC, p.packetId(), code, reason));
        }
    }
}
