package io.millwright.mqtt.server;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.Topics;
import io.millwright.mqtt.AuthResult;
import io.millwright.mqtt.ConnectRequest;
import io.millwright.mqtt.MqttConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of every connection: the CONNECT packet (MQTT 5.0 section 3.1). Validates it, authenticates the
 * client off the event loop through the {@link io.millwright.mqtt.ClientAuthenticator}, then hands the channel to a
 * {@link SessionHandler}. Reading stops from CONNECT until the answer; packets the decoder had already buffered are
 * held and replayed after CONNACK.
 */
final class ConnectHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final ChannelServices services;
    private final List<Object> held = new ArrayList<>();
    private boolean connectReceived;

    ConnectHandler(ChannelServices services) {
        this.services = services;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connectReceived) {
            held.add(msg);
            return;
        }
        try {
            if (!(msg instanceof MqttMessage m)) {
                ctx.close();
            } else if (m.decoderResult().isFailure()) {
                rejectUndecodable(ctx, m);
            } else if (!(m instanceof MqttConnectMessage connect)) {
                ctx.close(); // [MQTT-3.1.0-1]
            } else {
                connectReceived = true;
                ctx.channel().config().setAutoRead(false);
                onConnect(ctx, connect);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug(
                    "No CONNECT within the connect timeout from {}",
                    ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            releaseHeld();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing {} before CONNACK", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void rejectUndecodable(ChannelHandlerContext ctx, MqttMessage m) {
        Throwable cause = m.decoderResult().cause();
        boolean v5 = m.variableHeader() instanceof MqttConnectVariableHeader h && h.version() == 5;
        LOG.debug("Undecodable first packet from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(ctx, 0x01); // [MQTT-3.1.2-2]: unacceptable protocol level, in the 3.1.1 encoding
        } else if (cause instanceof MqttIdentifierRejectedException) {
            refuse(ctx, v5 ? 0x85 : 0x02);
        } else if (v5 && cause instanceof TooLongFrameException) {
            refuse(ctx, ReasonCode.PACKET_TOO_LARGE);
        } else if (v5) {
            refuse(ctx, ReasonCode.MALFORMED_PACKET);
        } else {
            ctx.close();
        }
    }

    private void onConnect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConfig config = services.ctx().config();
        boolean v5 = h.version() == 5;
        if (services.ctx().metrics().connections() >= config.maxConnections()) {
            refuse(ctx, v5 ? ReasonCode.QUOTA_EXCEEDED : 0x03);
            return;
        }
        if (v5 && h.properties().getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            refuse(ctx, ReasonCode.BAD_AUTHENTICATION_METHOD); // enhanced authentication is not supported
            return;
        }
        if (!h.isWillFlag() && (h.willQos() != 0 || h.isWillRetain())) {
            // [MQTT-3.1.2-11], [MQTT-3.1.2-13] (3.1.1: [MQTT-3.1.2-13], [MQTT-3.1.2-15]): Will QoS and Will Retain
            // are 0 without a Will Flag; otherwise the CONNECT is malformed
            if (v5) {
                refuse(ctx, ReasonCode.MALFORMED_PACKET);
            } else {
                ctx.close();
            }
            return;
        }
        String clientId = connect.payload().clientIdentifier();
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && (!h.isCleanSession() || h.version() == 3)) {
                refuse(ctx, 0x02); // [MQTT-3.1.3-8]
                return;
            }
            clientId = "mw-" + UUID.randomUUID();
            assigned = true;
        }
        if (clientId.length() > config.maxClientIdLength()) {
            refuse(ctx, v5 ? 0x85 : 0x02);
            return;
        }
        if (h.isWillFlag() && !validTopic(connect.payload().willTopic(), config)) {
            if (v5) {
                refuse(ctx, ReasonCode.TOPIC_NAME_INVALID);
            } else {
                ctx.close();
            }
            return;
        }
        ConnectParameters params = new ConnectParameters(connect, clientId, assigned);
        if (v5
                && params.hasWill()
                && !PayloadFormat.isValid(
                        Properties.messageProperties(params.willProperties()), params.willPayload())) {
            refuse(ctx, ReasonCode.PAYLOAD_FORMAT_INVALID); // section 3.1.3.2.3
            return;
        }
        String username = connect.payload().userName();
        if (username == null) {
            if (!config.allowAnonymous()) {
                refuse(ctx, v5 ? ReasonCode.NOT_AUTHORIZED : 0x05);
                return;
            }
            authenticated(ctx, params, new AuthResult.Success(new Principal.Anonymous(config.defaultTenantId())));
            return;
        }
        ConnectRequest request = new ConnectRequest(
                clientId,
                username,
                h.hasPassword() ? connect.payload().passwordInBytes() : null,
                ctx.channel().remoteAddress(),
                h.version());
        try {
            services.authExecutor().execute(() -> authenticate(ctx, params, request));
        } catch (RejectedExecutionException e) {
            refuse(ctx, v5 ? ReasonCode.SERVER_UNAVAILABLE : 0x03);
        }
    }

    /** On the authentication executor. */
    private void authenticate(ChannelHandlerContext ctx, ConnectParameters params, ConnectRequest request) {
        CompletionStage<AuthResult> stage;
        try {
            stage = services.authenticator().authenticate(request);
        } catch (RuntimeException e) {
            LOG.warn("Authenticator failed for client {}", request.clientId(), e);
            ctx.executor().execute(() -> unavailable(ctx, params));
            return;
        }
        stage.whenComplete((result, error) -> ctx.executor().execute(() -> {
            if (error != null || result == null) {
                LOG.warn("Authenticator failed for client {}", request.clientId(), error);
                unavailable(ctx, params);
            } else {
                authenticated(ctx, params, result);
            }
        }));
    }

    private void unavailable(ChannelHandlerContext ctx, ConnectParameters params) {
        refuse(ctx, params.v5() ? ReasonCode.SERVER_UNAVAILABLE : 0x03);
    }

    /** On the channel's event loop. */
    private void authenticated(ChannelHandlerContext ctx, ConnectParameters params, AuthResult result) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (result instanceof AuthResult.Failure f) {
            LOG.info(
                    "Refused client {} from {}: {} ({})",
                    params.clientId(),
                    ctx.channel().remoteAddress(),
                    f.reason(),
                    f.message());
            refuse(ctx, params.v5() ? f.reason().v5Code() : f.reason().v3Code());
            return;
        }
        AuthResult.Success success = (AuthResult.Success) result;
        if (params.hasWill()
                && !services.ctx()
                        .access()
                        .mayPublish(
                                success.principal(),
                                success.grants(),
                                DeviceTopicMount.of(success.principal()).toInternal(params.willTopic()))) {
            refuse(ctx, params.v5() ? ReasonCode.NOT_AUTHORIZED : 0x05);
            return;
        }
        // SessionStart replays the held packets and empties the list once the session starts, possibly later on the
        // session's loop; packets decoded meanwhile (from bytes already read) are still added to it here.
        new SessionStart(services, ctx, params, success).run(held);
    }

    private static boolean validTopic(String topic, MqttConfig config) {
        return Topics.isValidTopicName(topic)
                && topic.length() <= config.maxTopicLength()
                && Topics.levelCount(topic) <= config.maxTopicLevels();
    }

    private void refuse(ChannelHandlerContext ctx, int code) {
        releaseHeld();
        ctx.writeAndFlush(Packets.connAck(code, false, MqttProperties.NO_PROPERTIES))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseHeld() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }
}
