package io.millwright.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A bare MQTT client over a plain socket, using Netty's codec in an {@link EmbeddedChannel} to encode and decode: for
 * tests that need exact control of packets (spec clauses, malformed bytes, abrupt close). Received PUBLISH payloads
 * are copied to unpooled heap buffers so that tests never leak.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

    RawClient(int port) {
        this(port, 0);
    }

    /** A client whose socket receive buffer is {@code receiveBufferSize} bytes (0: the system default). */
    RawClient(int port, int receiveBufferSize) {
        try {
            socket = new Socket();
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends CONNECT as {@code user} (null for none) and returns the CONNACK. */
    MqttConnAckMessage connect(
            MqttVersion version,
            String clientId,
            String user,
            UnaryOperator<MqttMessageBuilders.ConnectBuilder> customizer) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(60);
        if (user != null) {
            b.username(user).password(TestAuthenticator.PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        send(customizer.apply(b).build());
        return (MqttConnAckMessage) expect(MqttMessageType.CONNACK);
    }

    MqttConnAckMessage connect(MqttVersion version, String clientId, String user) {
        return connect(version, clientId, user, b -> b);
    }

    void send(MqttMessage message) {
        codec.writeOutbound(message);
        for (ByteBuf b = codec.readOutbound(); b != null; b = codec.readOutbound()) {
            try {
                sendBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
    }

    /** Encodes every message and writes them with one write, so that the server reads them together. */
    void sendTogether(MqttMessage... messages) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (MqttMessage message : messages) {
            codec.writeOutbound(message);
            for (ByteBuf b = codec.readOutbound(); b != null; b = codec.readOutbound()) {
                try {
                    all.writeBytes(ByteBufUtil.getBytes(b));
                } finally {
                    b.release();
                }
            }
        }
        sendBytes(all.toByteArray());
    }

    void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendBytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        sendBytes(b);
    }

    void subscribe(int packetId, String filter, int qos) {
        send(MqttMessageBuilders.subscribe()
                .messageId(packetId)
                .addSubscription(MqttQoS.valueOf(qos), filter)
                .build());
    }

    void publish(String topic, int qos, int packetId, String payload, MqttProperties properties) {
        send(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)))
                .properties(properties)
                .build());
    }

    /** The next packet, or {@code null} when the server closed the connection; fails after 5 s. */
    MqttMessage receive() {
        return receive(5000);
    }

    /** The next packet, or {@code null} when closed or nothing arrived within {@code millis}. */
    MqttMessage receive(int millis) {
        byte[] buffer = new byte[8192];
        try {
            socket.setSoTimeout(millis);
            while (true) {
                Object decoded = codec.readInbound();
                if (decoded != null) {
                    return detach((MqttMessage) decoded);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    return null;
                }
                codec.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    MqttMessage expect(MqttMessageType type) {
        MqttMessage m = receive();
        if (m == null || m.fixedHeader().messageType() != type) {
            throw new AssertionError("expected " + type + " but got " + m);
        }
        return m;
    }

    /** Whether the server closes the connection within 5 s (reading and discarding anything before). */
    boolean closedByServer() {
        long deadline = System.currentTimeMillis() + 5000;
        byte[] buffer = new byte[8192];
        try {
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    private static MqttMessage detach(MqttMessage m) {
        if (m instanceof MqttPublishMessage p) {
            byte[] payload = ByteBufUtil.getBytes(p.payload());
            p.release();
            return new MqttPublishMessage(p.fixedHeader(), p.variableHeader(), Unpooled.wrappedBuffer(payload));
        }
        return m;
    }

    static String text(MqttPublishMessage p) {
        return p.payload().toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        codec.finishAndReleaseAll();
    }
}
