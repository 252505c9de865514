package io.millwright.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare TCP connection to the broker speaking just enough MQTT (3.1.1 or 5) to misbehave: a client that connects and never
 * reads, sends half a packet, or never sends CONNECT. Packets are written as raw bytes; nothing is read unless asked.
 * Not thread-safe, except {@link #close()}.
 */
public final class RawMqttSocket implements AutoCloseable {

    private final Socket socket;
    private final boolean v5;
    private final OutputStream out;
    private final InputStream in;
    private int nextPacketId = 1;

    private RawMqttSocket(Socket socket, boolean v5) throws IOException {
        this.socket = socket;
        this.v5 = v5;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Opens a TCP connection to the server's MQTT port with a small receive buffer (so that a client that does not read
     * soon stops the server's writes); sends nothing. Packets are MQTT 5 if {@code v5}, else 3.1.1.
     */
    public static RawMqttSocket open(ServerProcess server, boolean v5) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.mqttPort()), 5_000);
            return new RawMqttSocket(socket, v5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CONNECT (clean session) with a username and password and {@code keepAliveSeconds}. */
    public void connect(String clientId, String username, String password, int keepAliveSeconds) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(v5 ? 5 : 4);
        body.write(0x80 | 0x40 | 0x02);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        noProperties(body);
        string(body, clientId);
        string(body, username);
        string(body, password);
        packet(0x10, body.toByteArray());
    }

    /** SUBSCRIBE to one filter at {@code qos}. */
    public void subscribe(String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        packetId(body);
        noProperties(body);
        string(body, filter);
        body.write(qos);
        packet(0x82, body.toByteArray());
    }

    /** PUBLISH with QoS 1. */
    public void publishQos1(String topic, byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        packetId(body);
        noProperties(body);
        body.write(payload);
        packet(0x32, body.toByteArray());
    }

    public void pingReq() throws IOException {
        out.write(new byte[] {(byte) 0xC0, 0});
        out.flush();
    }

    /** Raw bytes, e.g. the start of a packet that never ends. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads and discards what the server sent until it closes the connection (true) or nothing arrives for {@code
     * quietMillis} (false).
     */
    public boolean readUntilClosed(int quietMillis) {
        byte[] buffer = new byte[8192];
        try {
            socket.setSoTimeout(quietMillis);
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket: nothing to do about an error
        }
    }

    private void packet(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private void packetId(ByteArrayOutputStream body) {
        int id = nextPacketId;
        nextPacketId = nextPacketId % 65_535 + 1;
        body.write(id >> 8);
        body.write(id & 0xFF);
    }

    private void noProperties(ByteArrayOutputStream body) {
        if (v5) {
            body.write(0);
        }
    }

    private static void string(ByteArrayOutputStream body, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        body.write(bytes.length >> 8);
        body.write(bytes.length & 0xFF);
        body.write(bytes);
    }
}
