package io.millwright.device;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal MQTT 3.1.1-only server for fallback tests: refuses MQTT 5 CONNECTs the two ways old servers do (CONNACK
 * return code 1 "unacceptable protocol version" [MQTT-3.1.2-2], or closing the connection), and for MQTT 3.1.1 answers
 * CONNACK, SUBACK (QoS 1 granted), PUBACK and PINGRESP. Listens on an ephemeral port of the loopback interface.
 */
final class Mqtt311OnlyServer implements AutoCloseable {

    /** How an MQTT 5 CONNECT is refused. */
    enum Refusal {
        CONNACK_UNACCEPTABLE_PROTOCOL,
        CLOSE
    }

    /** A PUBLISH the server received. */
    record Received(String topic, String payload) {}

    final List<Integer> protocolLevels = new CopyOnWriteArrayList<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Refusal refusal;
    private final ServerSocket socket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    Mqtt311OnlyServer(Refusal refusal) throws IOException {
        this.refusal = refusal;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "mqtt311-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "mqtt://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread handler = new Thread(() -> serve(connection), "mqtt311-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                int header = in.read();
                if (header < 0) {
                    return;
                }
                byte[] body = new byte[remainingLength(in)];
                in.readFully(body);
                int type = header >> 4;
                if (type == 1 && !connect(body, out)) {
                    return;
                } else if (type == 3) {
                    publish(header, body, out);
                } else if (type == 8) {
                    int filters = 0;
                    for (int i = 2; i < body.length; i += 2 + (((body[i] & 0xFF) << 8) | (body[i + 1] & 0xFF)) + 1) {
                        filters++;
                    }
                    byte[] suback = new byte[4 + filters];
                    suback[0] = (byte) 0x90;
                    suback[1] = (byte) (2 + filters);
                    suback[2] = body[0];
                    suback[3] = body[1];
                    for (int i = 0; i < filters; i++) {
                        suback[4 + i] = 1;
                    }
                    out.write(suback);
                } else if (type == 12) {
                    out.write(new byte[] {(byte) 0xD0, 0});
                } else if (type == 14) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Answers CONNECT; false when the connection must close. */
    private boolean connect(byte[] body, OutputStream out) throws IOException {
        int nameLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        int level = body[2 + nameLength];
        protocolLevels.add(level);
        if (level == 4) {
            out.write(new byte[] {0x20, 2, 0, 0});
            return true;
        }
        if (refusal == Refusal.CONNACK_UNACCEPTABLE_PROTOCOL) {
            out.write(new byte[] {0x20, 2, 0, 1});
            out.flush();
        }
        return false;
    }

    private void publish(int header, byte[] body, OutputStream out) throws IOException {
        int qos = (header >> 1) & 3;
        int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
        int offset = 2 + topicLength + (qos > 0 ? 2 : 0);
        received.add(new Received(topic, new String(body, offset, body.length - offset, StandardCharsets.UTF_8)));
        if (qos > 0) {
            out.write(new byte[] {0x40, 2, body[offset - 2], body[offset - 1]});
        }
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 127) * multiplier;
            multiplier *= 128;
        } while ((digit & 128) != 0);
        return value;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
