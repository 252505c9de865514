package io.millwright.mqtt.server;

import io.millwright.mqtt.MqttConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds every MQTT channel, TCP and WebSocket, in one place:
 *
 * <pre>
 *  bytes ─▶ [httpCodec ─▶ httpAggregator ─▶ webSocket ─▶ webSocketFrames]   (WebSocket listener only)
 *        ─▶ idle          connect timeout, then 1.5 x keep alive [MQTT-3.1.2-22]
 *        ─▶ mqttFramer    one whole packet at a time, by its Remaining Length (see {@link MqttFramer})
 *        ─▶ mqttDecoder   limits: maxPacketSize, maxClientIdLength
 *        ─▶ mqttFrameCheck counts decoded packets for the framer
 *        ◀─ mqttEncoder
 *        ─▶ connect       CONNECT and authentication; replaced by ─▶ session after CONNACK
 * </pre>
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    public static final String HTTP_CODEC = "httpCodec";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String WEB_SOCKET = "webSocket";
    public static final String WEB_SOCKET_FRAMES = "webSocketFrames";
    public static final String IDLE = "idle";
    public static final String FRAMER = "mqttFramer";
    public static final String DECODER = "mqttDecoder";
    public static final String FRAME_CHECK = "mqttFrameCheck";
    public static final String ENCODER = "mqttEncoder";
    public static final String CONNECT = "connect";
    public static final String SESSION = "session";

    /** The WebSocket endpoint path and subprotocols (MQTT 5.0 section 6, [MQTT-6.0.0-3]). */
    public static final String WEB_SOCKET_PATH = "/mqtt";

    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private final ChannelServices services;
    private final boolean webSocket;

    MqttChannelInitializer(ChannelServices services, boolean webSocket) {
        this.services = services;
        this.webSocket = webSocket;
    }

    /** Twice the packet size limit plus headers, capped at what a WebSocket frame length can say in an int. */
    static int webSocketFrameLimit(int maxPacketSize) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxPacketSize + 16);
    }

    @Override
    protected void initChannel(Channel ch) {
        MqttConfig config = services.ctx().config();
        ChannelPipeline p = ch.pipeline();
        if (webSocket) {
            p.addLast(HTTP_CODEC, new HttpServerCodec());
            p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(65_536));
            p.addLast(
                    WEB_SOCKET,
                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(WEB_SOCKET_PATH)
                            .subprotocols(SUBPROTOCOLS)
                            // a frame may carry several packets (section 6.0): room for two of the largest
                            .maxFramePayloadLength(webSocketFrameLimit(config.maxPacketSize()))
                            .build()));
            p.addLast(WEB_SOCKET_FRAMES, new WebSocketFrameCodec());
        }
        p.addLast(IDLE, new IdleStateHandler(config.connectTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        MqttFramer.FrameCheck check = new MqttFramer.FrameCheck();
        p.addLast(FRAMER, new MqttFramer(config.maxPacketSize(), check));
        p.addLast(DECODER, new MqttDecoder(config.maxPacketSize(), config.maxClientIdLength()));
        p.addLast(FRAME_CHECK, check);
        p.addLast(ENCODER, MqttEncoder.INSTANCE);
        p.addLast(CONNECT, new ConnectHandler(services));
    }
}
