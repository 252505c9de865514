package io.millwright.mqtt.server;

import io.millwright.core.device.TopicGrant;
import io.millwright.mqtt.ClientInfo;
import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One network connection after a successful CONNECT, with everything negotiated in CONNECT/CONNACK kept explicit here
 * rather than in channel attributes. Immutable except the topic alias maps: {@link #inboundAliases} belongs to the
 * channel's event loop, {@link #outboundAliases} to the session's event loop.
 */
final class Connection {

    /** How long a server-initiated close waits for its DISCONNECT to be written. */
    static final long DISCONNECT_GRACE_MILLIS = 2_000;

    /** Limits the client announced in CONNECT (MQTT 5.0 section 3.1.2.11); MQTT 3.1.1 clients get the defaults. */
    record ClientLimits(
            int receiveMaximum, int maximumPacketSize, int topicAliasMaximum, boolean requestProblemInformation) {
        static final ClientLimits V3 = new ClientLimits(65_535, 268_435_455, 0, true);
    }

    /** How long a connection the server disconnected waits for the client to close it. */
    static final long LINGER_MILLIS = 1_000;

    final Channel channel;
    final SessionKey key;
    final ClientInfo info;
    final List<TopicGrant> grants;
    final ClientLimits limits;
    final EventExecutor sessionLoop;
    /** Maps the client's {@code v1/devices/me/...} topics to its internal ones (devices only). */
    final DeviceTopicMount mount;
    /** The tenant's {@link SubscriptionFence}. */
    final SubscriptionFence fence;

    private final WriteBatcher writes;
    final Map<Integer, String> inboundAliases = new HashMap<>();
    final Map<String, Integer> outboundAliases = new HashMap<>();
    /** Set on the session loop once CONNACK 0x00 went out: only then are connection listeners told of the close. */
    boolean attached;

    private volatile boolean closing;

    Connection(
            Channel channel,
            SessionKey key,
            ClientInfo info,
            List<TopicGrant> grants,
            ClientLimits limits,
            EventExecutor sessionLoop,
            SubscriptionFence fence) {
        this.channel = channel;
        this.key = key;
        this.info = info;
        this.grants = List.copyOf(grants);
        this.limits = limits;
        this.sessionLoop = sessionLoop;
        this.mount = DeviceTopicMount.of(info.principal());
        this.writes = new WriteBatcher(channel);
        this.fence = fence;
    }

    boolean isV5() {
        return info.protocolVersion() == 5;
    }

    /** The reason string to send, or {@code null} when the client asked for no problem information. */
    String reason(String reasonString) {
        return limits.requestProblemInformation() ? reasonString : null;
    }

    /** Why reading from the client is paused; reading resumes when no reason is left. */
    enum ReadPause {
        PUBLISH_RATE,
        UNACKNOWLEDGED_PUBLISHES,
        /** The client does not read what the broker writes (outbound buffer above its high water mark). */
        UNWRITABLE
    }

    private final java.util.EnumSet<ReadPause> pauses = java.util.EnumSet.noneOf(ReadPause.class);

    /**
     * Pauses or resumes reading for one reason, from any thread; applied on the channel's event loop so that two
     * reasons (publish rate, interceptor backpressure) never undo each other.
     */
    void pauseReading(ReadPause reason, boolean pause) {
        channel.eventLoop().execute(() -> {
            if (pause) {
                pauses.add(reason);
            } else {
                pauses.remove(reason);
            }
            channel.config().setAutoRead(pauses.isEmpty());
        });
    }

    /** Sends from any thread, after everything sent before; batched and flushed by {@link WriteBatcher}. */
    void send(MqttMessage message) {
        writes.send(message);
    }

    /** Whether the client keeps up: the outbound buffer and the packets not yet written are below the mark. */
    boolean isWritable() {
        return writes.isWritable();
    }

    /**
     * Server-initiated close: on MQTT 5 a DISCONNECT with {@code reasonCode} goes first (section 4.13); MQTT 3.1.1 has
     * no server DISCONNECT, the connection is just closed. The will is published (not a client DISCONNECT). The
     * connection is closed after {@link #DISCONNECT_GRACE_MILLIS} even if the DISCONNECT could not be written.
     */
    void close(int reasonCode, String reasonString) {
        closing = true;
        writes.afterWritten(() -> {
            if (isV5() && channel.isActive()) {
                channel.writeAndFlush(Packets.disconnect(reasonCode, reason(reasonString)))
                        .addListener(f -> lingerThenClose());
                // a client that does not read never takes the DISCONNECT off the wire: close without it after a grace
                channel.eventLoop().schedule(() -> channel.close(), DISCONNECT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                channel.close();
            }
        });
    }

    /** Whether the server is closing this connection: what the client still sends is discarded. */
    boolean isClosing() {
        return closing;
    }

    /**
     * After a server DISCONNECT on TCP: half-close (FIN after the DISCONNECT), keep reading and discarding until the
     * client closes or {@link #LINGER_MILLIS} pass, then close. Closing at once while the client is still sending
     * (PUBRELs for the PUBRECs it is reading, say) leaves unread bytes in the socket, so the TCP stack answers with a
     * reset, which can destroy the DISCONNECT before the client has read it. WebSocket connections close at once.
     */
    private void lingerThenClose() {
        if (!(channel instanceof SocketChannel socket)
                || !channel.isActive()
                || channel.pipeline().get(WebSocketFrameCodec.class) != null) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        socket.shutdownOutput()
                .addListener(
                        f -> channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public String toString() {
        return key + "@" + info.remoteAddress();
    }
}
