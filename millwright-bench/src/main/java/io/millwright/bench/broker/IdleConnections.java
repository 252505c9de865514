package io.millwright.bench.broker;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many idle MQTT 3.1.1 connections (CONNECT, CONNACK, then silence within a long keep alive) with a minimal
 * Netty client, cheap enough to hold tens of thousands in one generator, and reports how the broker's memory grew.
 */
public final class IdleConnections {

    /**
     * @param connections connections that were accepted
     * @param rssBytesPerConnection growth of the broker's resident memory divided by the connections
     * @param heapBytesPerConnection growth of the broker's live heap (JVM brokers only, after a full GC), else -1
     * @param heapBytesTotal the broker's live heap with every connection open, else -1
     */
    public record Result(
            String broker,
            int connections,
            long rssBytesPerConnection,
            long heapBytesPerConnection,
            long heapBytesTotal) {}

    private final String host;
    private final int port;

    public IdleConnections(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public Result run(BrokerProcess broker, int count) throws InterruptedException {
        long rssBefore = broker.residentBytes();
        long heapBefore = liveHeap(broker);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>(count);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(count);
        Semaphore connecting = new Semaphore(200);
        try {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new MqttDecoder(),
                                            MqttEncoder.INSTANCE,
                                            new SimpleChannelInboundHandler<MqttMessage>() {
                                                @Override
                                                protected void channelRead0(
                                                        ChannelHandlerContext ctx, MqttMessage msg) {
                                                    if (msg instanceof MqttConnAckMessage ack
                                                            && ack.variableHeader()
                                                                            .connectReturnCode()
                                                                    == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                                                        accepted.incrementAndGet();
                                                    }
                                                    connecting.release();
                                                    answered.countDown();
                                                }
                                            });
                        }
                    });
            for (int i = 0; i < count; i++) {
                connecting.acquire();
                String id = "idle-" + i;
                bootstrap.connect(host, port).addListener(f -> {
                    if (!f.isSuccess()) {
                        connecting.release();
                        answered.countDown();
                        return;
                    }
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
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
            long rssAfter = broker.residentBytes();
            long heapAfter = liveHeap(broker);
            int n = Math.max(1, accepted.get());
            return new Result(
                    broker.name(),
                    accepted.get(),
                    (rssAfter - rssBefore) / n,
                    heapBefore < 0 ? -1 : (heapAfter - heapBefore) / n,
                    heapAfter);
        } finally {
            synchronized (channels) {
                channels.forEach(Channel::close);
            }
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
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
