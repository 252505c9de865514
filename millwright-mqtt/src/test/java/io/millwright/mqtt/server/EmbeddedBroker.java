package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.broker.InMemoryRetainedMessageStore;
import io.millwright.core.broker.InMemorySessionStore;
import io.millwright.core.broker.TopicAccess;
import io.millwright.mqtt.AuthResult;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.PublishInterceptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The broker's real pipeline on an {@link EmbeddedChannel}, with a client-side codec channel to speak to it: every
 * user is admitted as an admin of tenant {@code t}. Everything runs on the test thread.
 */
final class EmbeddedBroker implements AutoCloseable {

    final EmbeddedChannel server = new EmbeddedChannel();
    private final EmbeddedChannel client = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
    private final PersistenceWriter persistence =
            new PersistenceWriter(new InMemorySessionStore(), new InMemoryRetainedMessageStore());

    EmbeddedBroker(MqttConfig config) {
        this(config, username -> new Principal.User("t", "u", username, Role.ADMIN));
    }

    /** A broker admitting every client as the principal {@code principals} names for its username. */
    EmbeddedBroker(MqttConfig config, Function<String, Principal> principals) {
        SessionRegistry registry = new SessionRegistry(List.<EventExecutor>of(server.eventLoop()));
        Router router = new Router(registry, persistence);
        BrokerContext ctx = new BrokerContext(
                config,
                new TopicAccess(config.denySubscribe()),
                PublishInterceptor.NONE,
                List.of(),
                List.of(),
                List.of(),
                new BrokerMetrics(new SimpleMeterRegistry()),
                persistence,
                ReadBarrier.none(),
                Clock.systemUTC());
        registry.wire(ctx, router);
        ChannelServices services = new ChannelServices(
                ctx,
                registry,
                request ->
                        CompletableFuture.completedFuture(new AuthResult.Success(principals.apply(request.username()))),
                Runnable::run);
        server.pipeline().addLast(new MqttChannelInitializer(services, false));
    }

    EmbeddedBroker() {
        this(MqttConfig.builder().port(0).wsPort(-1).maxPacketSize(1024).build());
    }

    /** Encodes {@code message} as a client would and feeds it to the broker. */
    void send(MqttMessage message) {
        client.writeOutbound(message);
        for (ByteBuf b = client.readOutbound(); b != null; b = client.readOutbound()) {
            server.writeInbound(b);
        }
        server.runPendingTasks();
    }

    /** CONNECT with a clean start as {@code alice} and the client id {@code clientId}; asserts CONNACK 0x00. */
    void connect(MqttVersion version, String clientId) {
        send(MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .username("alice")
                .password(new byte[] {1})
                .cleanSession(true)
                .build());
        MqttMessage ack = receive();
        assertThat(ack).isNotNull();
        assertThat(ack.fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        assertThat(((MqttConnAckVariableHeader) ack.variableHeader())
                        .connectReturnCode()
                        .byteValue())
                .isZero();
    }

    /** The reason code of the DISCONNECT the broker sent next; fails when the next packet is anything else. */
    int disconnectReason() {
        MqttMessage m = receive();
        assertThat(m).isNotNull();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xFF;
    }

    /** The broker sent DISCONNECT with {@code reason} next and closed the connection. */
    void expectClosedWith(int reason) {
        assertThat(disconnectReason()).isEqualTo(reason);
        assertThat(isOpen()).isFalse();
    }

    void sendBytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        server.writeInbound(Unpooled.wrappedBuffer(b));
        server.runPendingTasks();
    }

    /** The next packet the broker sent, decoded, or {@code null}. PUBLISH payloads are copied to the heap. */
    MqttMessage receive() {
        server.runPendingTasks();
        for (Object out = server.readOutbound(); out != null; out = server.readOutbound()) {
            client.writeInbound(out);
        }
        MqttMessage m = client.readInbound();
        if (m instanceof MqttPublishMessage p) {
            byte[] payload = ByteBufUtil.getBytes(p.payload());
            ReferenceCountUtil.release(p);
            return new MqttPublishMessage(p.fixedHeader(), p.variableHeader(), Unpooled.wrappedBuffer(payload));
        }
        return m;
    }

    /** The bytes of the next packet the broker wrote, undecoded, or {@code null}. */
    byte[] receiveBytes() {
        server.runPendingTasks();
        ByteBuf out = server.readOutbound();
        if (out == null) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    boolean isOpen() {
        server.runPendingTasks();
        return server.isOpen();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
        persistence.close();
    }
}
