package io.millwright.bench.broker;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many idle MQTT 3.1.1 connections (CONNECT, CONNACK, then silence within a long keep alive) with a minimal
 * Netty client, cheap enough to hold tens of thousands in one generator, and reports how the broker's memory grew.
 * Connections are added step by step ({@link #growTo}) and stay open until {@link #close}, so one broker gives a
 * curve of memory against connections. They come from their own loopback source address, so their ports do not
 * compete with other runs' connections still in TIME_WAIT.
 */
public final class IdleConnections implements AutoCloseable {

    /**
     * The broker with {@code connections} idle connections open.
     *
     * @param connections connections that were accepted (CONNACK accepted)
     * @param attempted connections tried so far
     * @param rssBytesPerConnection growth of the broker's resident memory since before the first connection, divided
     *     by the connections (for a JVM with a pre-touched fixed heap: the memory outside the heap)
     * @param heapBytes the broker's live heap after a full GC (JVM brokers only), else -1
     * @param heapBytesPerConnection growth of that live heap divided by the connections, else -1
     */
    public record Result(
            String broker,
            int connections,
            int attempted,
            long rssBytesPerConnection,
            long heapBytes,
            long heapBytesPerConnection) {

        /** Everything a connection costs the broker: resident growth plus, for a JVM, live heap growth. */
        public long bytesPerConnection() {
            return rssBytesPerConnection + Math.max(0, heapBytesPerConnection);
        }
    }

    /** The latch of the {@link #growTo} step a connection belongs to, cleared when the connection has answered. */
    private static final AttributeKey<CountDownLatch> ANSWERED = AttributeKey.valueOf("idle-answered");

    private final BrokerProcess broker;
    private final String sourceAddress;
    private final long rssBefore;
    private final long heapBefore;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Semaphore connecting = new Semaphore(200);
    private final Bootstrap bootstrap;
    private int attempted;

    /** Measures the broker before any connection; connections will come from {@code sourceAddress}, port 0. */
    public IdleConnections(BrokerProcess broker, String sourceAddress) {
        this.broker = broker;
        this.sourceAddress = sourceAddress;
        this.heapBefore = liveHeap(broker);
        this.rssBefore = broker.residentBytes();
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new ConnAckCounter());
                    }
                });
    }

    /** Opens connections until {@code count} were attempted, waits for their answers, and measures. */
    public Result growTo(int count) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(Math.max(0, count - attempted));
        for (; attempted < count; attempted++) {
            connecting.acquire();
            String id = "idle-" + attempted;
            bootstrap
                    .connect(
                            new InetSocketAddress("127.0.0.1", broker.mqttPort()),
                            new InetSocketAddress(sourceAddress, 0))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            connecting.release();
                            answered.countDown();
                            return;
                        }
                        Channel ch = ((ChannelFuture) f).channel();
                        ch.attr(ANSWERED).set(answered);
                        synchronized (channels) {
                            channels.add(ch);
                        }
                        ch.writeAndFlush(MqttMessageBuilders.connect()
                                .clientId(id)
                                .protocolVersion(MqttVersion.MQTT_3_1_1)
                                .cleanSession(true)
                                .keepAlive(900)
                                .build());
                    });
        }
        answered.await(5, TimeUnit.MINUTES);
        long heap = liveHeap(broker);
        long rss = broker.residentBytes();
        int n = Math.max(1, accepted.get());
        return new Result(
                broker.name(),
                accepted.get(),
                attempted,
                (rss - rssBefore) / n,
                heap,
                heapBefore < 0 ? -1 : (heap - heapBefore) / n);
    }

    @Override
    public void close() {
        synchronized (channels) {
            channels.forEach(Channel::close);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts accepted CONNACKs and frees a connect slot on the first answer of each connection. */
    private final class ConnAckCounter extends SimpleChannelInboundHandler<MqttMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg instanceof MqttConnAckMessage ack
                    && ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                accepted.incrementAndGet();
            }
            answer(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer(ctx);
        }

        private void answer(ChannelHandlerContext ctx) {
            CountDownLatch latch = ctx.channel().attr(ANSWERED).getAndSet(null);
            if (latch != null) {
                connecting.release();
                latch.countDown();
            }
        }
    }

    /** Live heap of a JVM broker after a full GC, via jcmd; -1 for a broker that is not a JVM. */
    private static long liveHeap(BrokerProcess broker) {
        if (!broker.name().equals("Millwright")) {
            return -1;
        }
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString();
        try {
            run(jcmd, Long.toString(broker.pid()), "GC.run");
            String info = run(jcmd, Long.toString(broker.pid()), "GC.heap_info");
            var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
