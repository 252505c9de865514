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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISHes from one connection's client to the broker: authorisation, the {@link
 * io.millwright.mqtt.PublishInterceptor}, routing, durability and acknowledgements, all in arrival order. Runs on the
 * session's event loop; interceptor stages and commits may complete on any thread and hop back to it.
 *
 * <p>Each PUBLISH passes three steps:
 *
 * <pre>
 *  arrive ─▶ intercepted (outcome known) ─▶ routed (in arrival order) ─▶ acknowledged (in arrival order)
 *                                              └─ waits for the commit of what it queued or retained
 * </pre>
 *
 * <b>Acknowledged means durable.</b> A QoS 1/2 PUBLISH that was queued for an offline persistent session, or that set
 * or cleared a retained message, gets its PUBACK/PUBREC only after the persistence writer committed those changes
 * ({@link Router#routeAcknowledged}). Acknowledgements still go out in the order PUBLISHes arrived [MQTT-4.6.0-2],
 * [MQTT-4.6.0-3]: each waits in {@link #unacknowledged} until it and all earlier ones are done. While more than
 * {@code receiveMaximum} PUBLISHes are unfinished the broker stops reading from the client, and resumes at half.
 */
final class InboundFlow {

    private static final Logger LOG = LoggerFactory.getLogger(InboundFlow.class);

    private static final class Pending {
        final InboundPacket.Publish publish;
        final Message message;
        PublishOutcome outcome;
        boolean interceptionFailed;
        boolean intercepted;
        boolean stored;
        boolean storeFailed;
        /** {@link System#nanoTime()} when routing first waited for the subscription fence, or 0. */
        long fenceWaitSince;
        /** The fence horizon to pass: as read, then as it stood once the read barrier passed. */
        long fenceHorizon;

        boolean barrierPassed;
        /** {@link System#nanoTime()} when routing first waited for the read barrier, or 0. */
        long barrierWaitSince;

        Pending(InboundPacket.Publish publish, Message message) {
            this.publish = publish;
            this.message = message;
            this.fenceHorizon = publish.fenceHorizon();
        }
    }

    /** How long a PUBLISH waits at most for subscription changes read before it. */
    private static final long FENCE_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long FENCE_RETRY_MICROS = 50;

    /**
     * How long a PUBLISH waits at most for the {@link ReadBarrier}. Without load a barrier pass takes microseconds; under
     * overload (a client flooding one loop, a long task queue) it can take many milliseconds, and ordering across
     * connections, which MQTT does not promise, then yields to latency for everyone else.
     */
    private static final long BARRIER_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final BrokerContext ctx;
    private final Router router;
    private final Connection connection;
    /** QoS 2 packet ids answered with PUBREC and awaiting PUBREL: duplicates are not routed again [MQTT-4.3.3-10]. */
    private final Set<Integer> awaitingRelease;

    /**
     * Every unfinished PUBLISH, in arrival order; the head is the next to acknowledge. Deques start small (an idle
     * connection pays for two slots, not sixteen) and grow by doubling.
     */
    private final Deque<Pending> unacknowledged = new ArrayDeque<>(2);
    /** The PUBLISHes not routed yet, in arrival order; the head is the next to route. */
    private final Deque<Pending> unrouted = new ArrayDeque<>(2);

    private final Set<Integer> pendingIds = new HashSet<>();
    private int inFlightQos12;
    private boolean paused;
    private boolean fenceRetryScheduled;
    private boolean barrierWaitScheduled;
    /** Numbers the waits for the read barrier, so that the resume that comes second is ignored. */
    private long barrierWaits;

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
                && inFlightQos12 + awaitingRelease.size() >= ctx.config().receiveMaximum()) {
            connection.close(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "Receive Maximum exceeded");
            return;
        }
        boolean formatValid = PayloadFormat.isValid(p.properties(), p.payload());
        if (!formatValid && p.qos() == 0) {
            // [MQTT-3.3.2-4] has no acknowledgement to carry 0x99 at QoS 0: the connection ends (section 4.13).
            ctx.metrics().dropped(DropReason.PAYLOAD_FORMAT_INVALID);
            connection.close(ReasonCode.PAYLOAD_FORMAT_INVALID, PayloadFormat.INVALID);
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
        unacknowledged.addLast(entry);
        unrouted.addLast(entry);
        if (p.qos() > 0) {
            inFlightQos12++;
            pendingIds.add(p.packetId());
        }
        if (unacknowledged.size() > ctx.config().receiveMaximum() && !paused) {
            paused = true;
            connection.pauseReading(Connection.ReadPause.UNACKNOWLEDGED_PUBLISHES, true);
        }
        if (!formatValid) {
            ctx.metrics().dropped(DropReason.PAYLOAD_FORMAT_INVALID);
            intercepted(entry, PublishOutcome.failed(ReasonCode.PAYLOAD_FORMAT_INVALID, PayloadFormat.INVALID));
            return;
        }
        if (!ctx.access().mayPublish(connection.info.principal(), connection.grants, p.topic())) {
            ctx.metrics().dropped(DropReason.NOT_AUTHORIZED);
            // No Reason String: 0x87 says it all, and echoing the topic tells the client nothing it did not send.
            intercepted(entry, PublishOutcome.failed(ReasonCode.NOT_AUTHORIZED, null));
            return;
        }
        Optional<CompletionStage<PublishOutcome>> stage;
        try {
            stage = ctx.interceptor().intercept(inboundPublish(p));
        } catch (RuntimeException e) {
            LOG.warn("Publish interceptor failed for {}", connection, e);
            entry.interceptionFailed = true;
            intercepted(entry, null);
            return;
        }
        if (stage.isEmpty()) {
            intercepted(entry, PublishOutcome.acceptedAndRouted());
            return;
        }
        stage.get()
                .whenComplete((outcome, error) -> connection.sessionLoop.execute(() -> {
                    if (error != null || outcome == null) {
                        LOG.warn("Publish interceptor stage failed for {}", connection, error);
                        entry.interceptionFailed = true;
                    }
                    intercepted(entry, outcome);
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

    private InboundPublish inboundPublish(InboundPacket.Publish p) {
        return new InboundPublish(
                connection.info.principal(),
                connection.key.clientId(),
                p.topic(),
                p.payload().clone(),
                p.qos(),
                p.retain(),
                p.properties(),
                connection.info.protocolVersion());
    }

    private void intercepted(Pending entry, PublishOutcome outcome) {
        entry.outcome = outcome;
        entry.intercepted = true;
        routeReady();
        acknowledgeReady();
    }

    /**
     * Routes, in arrival order, every PUBLISH whose interception is done and whose predecessors are routed, once the
     * packets that had arrived before it are read ({@link ReadBarrier}) and the subscription changes among them are
     * applied ({@link SubscriptionFence}); until then it is tried again shortly. A change that is not applied within {@link #FENCE_PATIENCE_NANOS} no longer holds messages up.
     */
    private void routeReady() {
        while (!unrouted.isEmpty() && unrouted.peekFirst().intercepted) {
            Pending entry = unrouted.peekFirst();
            if (entry.interceptionFailed || !entry.outcome.route()) {
                unrouted.pollFirst();
                entry.stored = true;
                continue;
            }
            if (!barrierPassed(entry) || !fencePassed(entry)) {
                return;
            }
            unrouted.pollFirst();
            if (entry.publish.qos() == 0) {
                router.route(entry.message);
                entry.stored = true;
                continue;
            }
            CompletableFuture<Void> committed = router.routeAcknowledged(entry.message);
            if (committed.isDone()) {
                stored(entry, committed.isCompletedExceptionally());
            } else {
                committed.whenComplete((ignored, error) -> connection.sessionLoop.execute(() -> {
                    stored(entry, error != null);
                    acknowledgeReady();
                }));
            }
        }
    }

    /**
     * Whether every packet other clients had sent when this PUBLISH was read has been read ({@link ReadBarrier}), or
     * the PUBLISH has waited {@link #BARRIER_PATIENCE_NANOS}; then the subscription changes read so far are what the
     * fence waits for.
     */
    private boolean barrierPassed(Pending entry) {
        if (entry.barrierPassed) {
            return true;
        }
        ReadBarrier barrier = ctx.readBarrier();
        long generation = entry.publish.readBarrier();
        long now = System.nanoTime();
        if (entry.barrierWaitSince == 0) {
            entry.barrierWaitSince = now;
        }
        long waited = now - entry.barrierWaitSince;
        if (!barrier.passed(generation) && waited < BARRIER_PATIENCE_NANOS) {
            if (!barrierWaitScheduled) {
                barrierWaitScheduled = true;
                long wait = ++barrierWaits;
                // the barrier and the patience timer both resume; only the first of them for this wait counts
                Runnable resume = () -> {
                    if (barrierWaitScheduled && barrierWaits == wait) {
                        barrierWaitScheduled = false;
                        routeReady();
                        acknowledgeReady();
                    }
                };
                barrier.await(generation, connection.sessionLoop, resume);
                connection.sessionLoop.schedule(resume, BARRIER_PATIENCE_NANOS - waited, TimeUnit.NANOSECONDS);
            }
            return false;
        }
        entry.barrierPassed = true;
        entry.fenceHorizon = Math.max(entry.fenceHorizon, connection.fence.horizon());
        return true;
    }

    private boolean fencePassed(Pending entry) {
        if (connection.fence.passed(entry.fenceHorizon)) {
            return true;
        }
        long now = System.nanoTime();
        if (entry.fenceWaitSince == 0) {
            entry.fenceWaitSince = now;
        } else if (now - entry.fenceWaitSince > FENCE_PATIENCE_NANOS) {
            return true;
        }
        if (!fenceRetryScheduled) {
            fenceRetryScheduled = true;
            connection.sessionLoop.schedule(
                    () -> {
                        fenceRetryScheduled = false;
                        routeReady();
                        acknowledgeReady();
                    },
                    FENCE_RETRY_MICROS,
                    TimeUnit.MICROSECONDS);
        }
        return false;
    }

    private void stored(Pending entry, boolean failed) {
        entry.stored = true;
        entry.storeFailed = failed;
        if (failed) {
            LOG.warn("A PUBLISH from {} to {} could not be stored durably", connection, entry.message.topic());
        }
    }

    /** Acknowledges, in arrival order, every PUBLISH that is routed and durable. */
    private void acknowledgeReady() {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().stored) {
            acknowledge(unacknowledged.pollFirst());
        }
        if (paused && unacknowledged.size() <= ctx.config().receiveMaximum() / 2) {
            paused = false;
            connection.pauseReading(Connection.ReadPause.UNACKNOWLEDGED_PUBLISHES, false);
        }
    }

    private void acknowledge(Pending entry) {
        InboundPacket.Publish p = entry.publish;
        if (p.qos() > 0) {
            inFlightQos12--;
            pendingIds.remove(p.packetId());
        }
        boolean failed = entry.interceptionFailed || entry.storeFailed;
        if (failed && !connection.isV5()) {
            // MQTT 3.1.1 has no negative acknowledgement: close unacknowledged so that the client resends.
            connection.channel.close();
            return;
        }
        PublishOutcome outcome = failed
                ? PublishOutcome.failed(ReasonCode.UNSPECIFIED_ERROR, "the message could not be processed")
                : entry.outcome;
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
