package io.millwright.mqtt.server;

import io.millwright.core.auth.Principal;
import io.millwright.core.broker.StoredSession;
import io.millwright.mqtt.AuthResult;
import io.millwright.mqtt.ClientInfo;
import io.millwright.mqtt.MqttConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an authenticated CONNECT into a live connection: negotiates limits, keep alive and session expiry (section
 * 3.2.2.3), moves the channel to the session's event loop, switches the pipeline from {@link ConnectHandler} to {@link
 * SessionHandler}, and attaches the connection to its session. Runs on the channel's event loop.
 */
final class SessionStart {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStart.class);
    private static final int MAX_PACKET_SIZE_LIMIT = 268_435_455;
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final ChannelServices services;
    private final ChannelHandlerContext ctx;
    private final ConnectParameters params;
    private final AuthResult.Success auth;

    SessionStart(
            ChannelServices services, ChannelHandlerContext ctx, ConnectParameters params, AuthResult.Success auth) {
        this.services = services;
        this.ctx = ctx;
        this.params = params;
        this.auth = auth;
    }

    /**
     * Moves the channel to its session's loop, then starts the connection there. A channel is accepted on any worker
     * loop, but its session lives on the loop its {@link SessionKey} hashes to ({@link SessionRegistry}); once both are
     * the same, every packet the client sends reaches its session without a task hand-off, and every packet the session
     * sends is written without one. If the move fails, the connection is closed.
     *
     * <p>{@code held} is the {@link ConnectHandler}'s list of packets read after CONNECT; until the session starts it may
     * still grow (packets decoded from bytes already read), then they are replayed to the session and the list is
     * emptied (or released if the connection cannot start).
     */
    void run(List<Object> held) {
        SessionKey key = new SessionKey(auth.principal().tenantId(), params.clientId());
        Channel channel = ctx.channel();
        if (!(services.registry().loopFor(key) instanceof EventLoop target)
                || target.inEventLoop()
                || !channel.isRegistered()) {
            start(key, held);
            return;
        }
        // The connect timeout's timer runs on the current loop: stop it; start() arms the keep alive timer anew.
        ctx.pipeline().remove(MqttChannelInitializer.IDLE);
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                abandon(channel, held, deregistered.cause());
                return;
            }
            target.register(channel).addListener(registered -> {
                if (registered.isSuccess()) {
                    start(key, held);
                } else {
                    abandon(channel, held, registered.cause());
                }
            });
        });
    }

    private static void abandon(Channel channel, List<Object> held, Throwable cause) {
        LOG.warn("Could not move {} to its session's event loop; closing it", channel, cause);
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        channel.unsafe().closeForcibly();
    }

    private void start(SessionKey key, List<Object> held) {
        MqttConfig config = services.ctx().config();
        Principal principal = auth.principal();
        MqttProperties in = params.properties();
        MqttProperties out = new MqttProperties();

        Connection.ClientLimits limits = Connection.ClientLimits.V3;
        if (params.v5()) {
            limits = new Connection.ClientLimits(
                    Math.max(1, Properties.intValue(in, MqttProperties.RECEIVE_MAXIMUM, 65_535)),
                    Properties.intValue(in, MqttProperties.MAXIMUM_PACKET_SIZE, MAX_PACKET_SIZE_LIMIT),
                    Properties.intValue(in, MqttProperties.TOPIC_ALIAS_MAXIMUM, 0),
                    Properties.intValue(in, MqttProperties.REQUEST_PROBLEM_INFORMATION, 1) == 1);
            out.add(intProperty(MqttProperties.RECEIVE_MAXIMUM, config.receiveMaximum()));
            out.add(intProperty(MqttProperties.MAXIMUM_PACKET_SIZE, config.maxPacketSize()));
            out.add(intProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum()));
            if (params.assigned()) {
                out.add(new MqttProperties.StringProperty(
                        MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, params.clientId())); // [MQTT-3.2.2-16]
            }
            if (Properties.intValue(in, MqttProperties.REQUEST_RESPONSE_INFORMATION, 0) == 1) {
                out.add(new MqttProperties.StringProperty(
                        MqttProperties.RESPONSE_INFORMATION, responseInformation(principal, params.clientId())));
            }
        }

        int keepAlive = params.keepAlive();
        if (params.v5() && (keepAlive == 0 || keepAlive > config.maxKeepAlive())) {
            keepAlive = config.maxKeepAlive();
            out.add(intProperty(MqttProperties.SERVER_KEEP_ALIVE, keepAlive)); // [MQTT-3.2.2-21]
        }

        long expiry;
        if (params.v5()) {
            Long requested = Properties.unsignedValue(in, MqttProperties.SESSION_EXPIRY_INTERVAL);
            long asked = requested == null ? 0 : requested;
            expiry = Math.min(asked, config.maxSessionExpiry());
            if (expiry != asked) {
                out.add(intProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) expiry));
            }
        } else {
            expiry = params.cleanStart() ? 0 : Math.min(StoredSession.NEVER_EXPIRES, config.maxSessionExpiry());
        }

        Session.Will will = null;
        if (params.hasWill()) {
            var willProperties = Properties.messageProperties(params.willProperties());
            Long delay = Properties.unsignedValue(params.willProperties(), MqttProperties.WILL_DELAY_INTERVAL);
            will = new Session.Will(
                    new Message(
                            key.tenantId(),
                            DeviceTopicMount.of(principal).toInternal(params.willTopic()),
                            params.willPayload(),
                            params.willQos(),
                            params.willRetain(),
                            willProperties,
                            Long.MAX_VALUE,
                            key),
                    delay == null ? 0 : delay);
        }

        ClientInfo info = new ClientInfo(
                principal,
                params.clientId(),
                ctx.channel().remoteAddress(),
                params.version(),
                CONNECTION_IDS.incrementAndGet());
        Connection connection = new Connection(
                ctx.channel(),
                key,
                info,
                auth.grants(),
                limits,
                services.registry().loopFor(key),
                services.registry().fence(key.tenantId()));

        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(MqttChannelInitializer.IDLE) != null) {
            pipeline.remove(MqttChannelInitializer.IDLE);
        }
        if (keepAlive > 0) {
            pipeline.addBefore(
                    MqttChannelInitializer.FRAMER,
                    MqttChannelInitializer.IDLE,
                    new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS)); // [MQTT-3.1.2-22]
        }
        SessionHandler sessionHandler = new SessionHandler(services, connection);
        pipeline.replace(ctx.handler(), MqttChannelInitializer.SESSION, sessionHandler);
        services.ctx().metrics().connected();

        boolean cleanStart = params.cleanStart();
        long sessionExpiry = expiry;
        Session.Will sessionWill = will;
        Runnable attach = () -> services.registry().attach(connection, cleanStart, sessionExpiry, sessionWill, out);
        if (connection.sessionLoop.inEventLoop()) {
            attach.run(); // before the held packets, which SessionHandler then hands to the session directly
        } else {
            connection.sessionLoop.execute(attach);
        }

        ctx.channel().config().setAutoRead(true);
        ChannelHandlerContext sessionCtx = pipeline.context(sessionHandler);
        for (Object msg : held) {
            sessionHandler.channelRead(sessionCtx, msg);
        }
        held.clear();
    }

    /** The base of response topics the client may use (section 3.1.2.11.6), inside what {@code TopicAccess} allows. */
    private static String responseInformation(Principal principal, String clientId) {
        if (principal instanceof Principal.Device device) {
            return "devices/" + device.name() + "/responses";
        }
        return "responses/" + clientId;
    }

    private static MqttProperties.IntegerProperty intProperty(int id, int value) {
        return new MqttProperties.IntegerProperty(id, value);
    }
}
