package io.millwright.mqtt.server;

import io.millwright.core.broker.Topics;
import io.millwright.mqtt.MqttConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel side of a connected client, on the channel's event loop: answers PINGREQ, enforces packet-level rules
 * (malformed packets, second CONNECT, topic aliases, topic limits, publish rate), converts every other packet to an
 * {@link InboundPacket} and forwards it to the session (directly once the channel lives on the session's event loop, see
 * {@link SessionStart}). Protocol violations close only this connection,
 * with a DISCONNECT reason code on MQTT 5 (section 4.13).
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final ChannelServices services;
    private final Connection connection;
    private final MqttConfig config;
    private double tokens;
    private long lastRefillNanos = System.nanoTime();
    private boolean throttled;
    /** The client sent DISCONNECT: whatever it sends after is ignored [MQTT-3.14.4-1]. */
    private boolean disconnected;

    SessionHandler(ChannelServices services, Connection connection) {
        this.services = services;
        this.connection = connection;
        this.config = services.ctx().config();
        this.tokens = config.maxPublishRate();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!disconnected && !connection.isClosing() && msg instanceof MqttMessage m) {
                read(ctx, m);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            Throwable cause = m.decoderResult().cause();
            LOG.debug("Malformed packet from {}: {}", connection, cause.toString());
            violation(
                    cause instanceof TooLongFrameException
                            ? ReasonCode.PACKET_TOO_LARGE
                            : cause instanceof MqttFramer.ProtocolError
                                    ? ReasonCode.PROTOCOL_ERROR
                                    : ReasonCode.MALFORMED_PACKET,
                    cause.getMessage());
            return;
        }
        switch (m.fixedHeader().messageType()) {
            case PINGREQ -> connection.send(Packets.PINGRESP);
            case PUBLISH -> publish(ctx, (MqttPublishMessage) m);
            case PUBACK -> forward(new InboundPacket.PubAck(InboundPacket.packetId(m), InboundPacket.replyCode(m)));
            case PUBREC -> forward(new InboundPacket.PubRec(InboundPacket.packetId(m), InboundPacket.replyCode(m)));
            case PUBREL -> forward(new InboundPacket.PubRel(InboundPacket.packetId(m)));
            case PUBCOMP -> forward(new InboundPacket.PubComp(InboundPacket.packetId(m)));
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) m);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) m);
            case DISCONNECT -> {
                disconnected = true;
                forward(InboundPacket.disconnect(m));
            }
            case CONNECT -> violation(ReasonCode.PROTOCOL_ERROR, "second CONNECT"); // [MQTT-3.1.0-2]
            default ->
                violation(
                        ReasonCode.PROTOCOL_ERROR,
                        "unexpected " + m.fixedHeader().messageType());
        }
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage m) {
        if (m.fixedHeader().isDup() && m.fixedHeader().qosLevel().value() == 0) {
            violation(ReasonCode.MALFORMED_PACKET, "DUP set on a QoS 0 PUBLISH"); // [MQTT-3.3.1-2]
            return;
        }
        if (connection.isV5()
                && m.variableHeader().properties().getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
            // [MQTT-3.3.4-6] a PUBLISH from a client MUST NOT contain a Subscription Identifier
            violation(ReasonCode.PROTOCOL_ERROR, "subscription identifier in a PUBLISH from a client");
            return;
        }
        String topic = m.variableHeader().topicName();
        MqttProperties.MqttProperty<?> aliasProperty =
                connection.isV5() ? m.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS) : null;
        if (aliasProperty != null) {
            int alias = (Integer) aliasProperty.value();
            if (alias == 0 || alias > config.topicAliasMaximum()) {
                // [MQTT-3.3.2-8] a Topic Alias of 0 is not permitted, [MQTT-3.3.2-9] nor one above the maximum
                violation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " out of range");
                return;
            }
            if (topic == null || topic.isEmpty()) {
                topic = connection.inboundAliases.get(alias);
                if (topic == null) {
                    violation(ReasonCode.PROTOCOL_ERROR, "unknown topic alias " + alias);
                    return;
                }
            } else {
                connection.inboundAliases.put(alias, topic);
            }
        }
        if ((topic == null || topic.isEmpty()) && aliasProperty == null && connection.isV5()) {
            // section 3.3.2.1: a zero-length Topic Name without a Topic Alias is a Protocol Error
            violation(ReasonCode.PROTOCOL_ERROR, "empty topic name without a topic alias");
            return;
        }
        if (topic == null
                || !Topics.isValidTopicName(topic)
                || topic.length() > config.maxTopicLength()
                || Topics.levelCount(topic) > config.maxTopicLevels()) {
            violation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
            return;
        }
        throttle(ctx);
        forward(InboundPacket.publish(
                        m,
                        topic,
                        connection.fence.horizon(),
                        services.ctx().readBarrier().ticket())
                .mounted(connection.mount));
    }

    private void subscribe(MqttSubscribeMessage m) {
        if (m.payload().topicSubscriptions().isEmpty()) {
            violation(ReasonCode.PROTOCOL_ERROR, "SUBSCRIBE without a topic filter"); // [MQTT-3.8.3-2]
            return;
        }
        if (connection.isV5()) {
            MqttProperties.MqttProperty<?> id =
                    m.idAndPropertiesVariableHeader().properties().getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (id != null && (Integer) id.value() == 0) {
                violation(ReasonCode.PROTOCOL_ERROR, "subscription identifier 0"); // section 3.8.2.1.2
                return;
            }
        }
        forwardFenced(InboundPacket.subscribe(m));
    }

    private void unsubscribe(MqttUnsubscribeMessage m) {
        if (m.payload().topics().isEmpty()) {
            violation(ReasonCode.PROTOCOL_ERROR, "UNSUBSCRIBE without a topic filter"); // [MQTT-3.10.3-2]
            return;
        }
        forwardFenced(InboundPacket.unsubscribe(m));
    }

    /** Token bucket of {@code maxPublishRate} per second: when empty, stop reading until it has refilled. */
    private void throttle(ChannelHandlerContext ctx) {
        int rate = config.maxPublishRate();
        if (rate == 0) {
            return;
        }
        long now = System.nanoTime();
        tokens = Math.min(rate, tokens + (now - lastRefillNanos) / 1e9 * rate);
        lastRefillNanos = now;
        tokens -= 1;
        if (tokens < 0 && !throttled) {
            throttled = true;
            connection.pauseReading(Connection.ReadPause.PUBLISH_RATE, true);
            long waitNanos = (long) (-tokens / rate * 1e9);
            ctx.executor()
                    .schedule(
                            () -> {
                                throttled = false;
                                connection.pauseReading(Connection.ReadPause.PUBLISH_RATE, false);
                            },
                            waitNanos,
                            TimeUnit.NANOSECONDS);
        }
    }

    /** To the session: directly when the channel lives on the session's loop (the usual case), else as a task. */
    private void forward(InboundPacket packet) {
        if (connection.sessionLoop.inEventLoop()) {
            services.registry().onPacket(connection, packet);
        } else {
            connection.sessionLoop.execute(() -> services.registry().onPacket(connection, packet));
        }
    }

    /** A subscription change: PUBLISHes read after it are routed only once it is applied ({@link SubscriptionFence}). */
    private void forwardFenced(InboundPacket packet) {
        long ticket = connection.fence.read();
        Runnable apply = () -> {
            try {
                services.registry().onPacket(connection, packet);
            } finally {
                connection.fence.applied(ticket);
            }
        };
        if (connection.sessionLoop.inEventLoop()) {
            apply.run();
            return;
        }
        try {
            connection.sessionLoop.execute(apply);
        } catch (RejectedExecutionException e) {
            connection.fence.applied(ticket);
            throw e;
        }
    }

    private void violation(int reasonCode, String reason) {
        connection.close(reasonCode, reason);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Keep alive timeout for {}", connection);
            violation(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * A client that does not read what the broker writes (its acknowledgements, PINGRESPs, deliveries) is not read
     * either until it catches up, so it cannot make the broker buffer answers without bound; if it stays stuck, the
     * keep alive timeout closes it (nothing is read, so nothing resets the idle timer).
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        connection.pauseReading(Connection.ReadPause.UNWRITABLE, !writable);
        if (writable) {
            connection.sessionLoop.execute(() -> services.registry().writable(connection));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        services.ctx().metrics().disconnected();
        connection.sessionLoop.execute(() -> services.registry().connectionClosed(connection));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing {} after an error", connection, cause);
        ctx.close();
    }
}
