package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MQTT over WebSocket framing (MQTT 5.0 section 6.0): a WebSocket frame may carry several MQTT packets or part of one,
 * and the packet size limit applies to packets, not frames. Driven with the JDK's WebSocket client and Netty's codec.
 */
class WebSocketFramingIT {

    private static final int MAX_PACKET_SIZE = 64 * 1024;

    private TestBroker broker;
    /** One channel for both directions: the encoder tells the decoder the protocol version of the CONNECT. */
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE);

    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private WebSocket ws;

    @BeforeEach
    void connect() throws Exception {
        broker = TestBroker.start(b -> b.maxPacketSize(MAX_PACKET_SIZE));
        ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + broker.ports.wsPort() + "/mqtt"), new Collector())
                .get(10, TimeUnit.SECONDS);
        send(encode(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId("ws-framing")
                .username("alice")
                .password(TestAuthenticator.PASSWORD.getBytes(StandardCharsets.UTF_8))
                .cleanSession(true)
                .build()));
        assertThat(next().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
    }

    @AfterEach
    void close() {
        ws.abort();
        synchronized (codec) {
            codec.finishAndReleaseAll();
        }
        broker.close();
    }

    @Test
    void one_frame_may_carry_packets_that_together_exceed_the_packet_size_limit() throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(encode(publish(1, MAX_PACKET_SIZE * 6 / 10)));
        frame.write(encode(publish(2, MAX_PACKET_SIZE * 6 / 10)));
        send(frame.toByteArray());
        assertThat(next().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(next().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
    }

    @Test
    void a_packet_over_the_limit_gets_disconnect_0x95_as_over_tcp() throws Exception {
        send(encode(publish(1, MAX_PACKET_SIZE + 100)));
        MqttMessage m = next();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xFF)
                .isEqualTo(0x95);
    }

    private static MqttMessage publish(int packetId, int payloadSize) {
        return MqttMessageBuilders.publish()
                .topicName("ws/big")
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(new byte[payloadSize]))
                .build();
    }

    private byte[] encode(MqttMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        synchronized (codec) {
            codec.writeOutbound(message);
            for (ByteBuf b = codec.readOutbound(); b != null; b = codec.readOutbound()) {
                bytes.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
        }
        return bytes.toByteArray();
    }

    private void send(byte[] frame) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
    }

    private MqttMessage next() throws InterruptedException {
        MqttMessage m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a packet within 10 s").isNotNull();
        return m;
    }

    /** Decodes what the broker sends, whatever the framing, and keeps the packets (payloads released). */
    private final class Collector implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            synchronized (codec) {
                codec.writeInbound(Unpooled.copiedBuffer(data));
                for (Object m = codec.readInbound(); m != null; m = codec.readInbound()) {
                    received.add((MqttMessage) m);
                    ReferenceCountUtil.release(m);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
