package io.millwright.mqtt.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.core.auth.Principal;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.TopicAccess;
import io.millwright.core.broker.Topics;
import io.millwright.mqtt.ClientAuthenticator;
import io.millwright.mqtt.ConnectionListener;
import io.millwright.mqtt.DeliveryListener;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.PublishInterceptor;
import io.millwright.mqtt.SubscriptionListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The running broker behind {@link io.millwright.mqtt.MqttBroker}: event loops, listeners, registry and router. Not
 * part of the public API; use {@code MqttBroker}.
 */
public final class BrokerRuntime {

    private final MqttConfig config;
    private final ClientAuthenticator authenticator;
    private final SessionStore sessionStore;
    private final RetainedMessageStore retainedStore;
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<DeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<SubscriptionListener> subscriptionListeners = new CopyOnWriteArrayList<>();
    private final BrokerMetrics metrics;
    private final PublishInterceptor interceptor;
    private final List<Channel> serverChannels = new ArrayList<>();

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService authExecutor;
    private PersistenceWriter persistence;
    private SessionRegistry registry;
    private Router router;
    private ReadBarrier readBarrier;

    public BrokerRuntime(
            MqttConfig config,
            ClientAuthenticator authenticator,
            PublishInterceptor interceptor,
            SessionStore sessionStore,
            RetainedMessageStore retainedStore,
            MeterRegistry meters) {
        this.config = config;
        this.authenticator = authenticator;
        this.interceptor = interceptor;
        this.sessionStore = sessionStore;
        this.retainedStore = retainedStore;
        this.metrics = new BrokerMetrics(meters);
    }

    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    public void addDeliveryListener(DeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    public void addSubscriptionListener(SubscriptionListener listener) {
        subscriptionListeners.add(listener);
    }

    /** Loads stored state, binds the listeners and returns the bound ports (-1 for a disabled listener). */
    public int[] start() throws InterruptedException {
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        AtomicInteger authThread = new AtomicInteger();
        authExecutor = Executors.newFixedThreadPool(config.authThreads(), r -> {
            Thread t = new Thread(r, "mqtt-auth-" + authThread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        persistence = new PersistenceWriter(sessionStore, retainedStore);
        registry = new SessionRegistry(workerGroup);
        readBarrier = new ReadBarrier(workerGroup);
        router = new Router(registry, persistence);
        BrokerContext ctx = new BrokerContext(
                config,
                new TopicAccess(config.denySubscribe()),
                interceptor,
                connectionListeners,
                deliveryListeners,
                subscriptionListeners,
                metrics,
                persistence,
                readBarrier,
                Clock.systemUTC());
        registry.wire(ctx, router);
        retainedStore.loadAll().forEach(router::restore);
        registry.restore(sessionStore.loadAll(), Instant.now());

        ChannelServices services = new ChannelServices(ctx, registry, authenticator, authExecutor);
        int port = bind(config.port(), new MqttChannelInitializer(services, false));
        int wsPort = bind(config.wsPort(), new MqttChannelInitializer(services, true));
        return new int[] {port, wsPort};
    }

    private int bind(int port, MqttChannelInitializer initializer) throws InterruptedException {
        if (port < 0) {
            return -1;
        }
        Channel channel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(initializer)
                .bind(config.host(), port)
                .sync()
                .channel();
        serverChannels.add(channel);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Sends DISCONNECT 0x8B to MQTT 5 clients, closes everything and writes pending state. */
    public void stop() {
        serverChannels.forEach(c -> c.close().syncUninterruptibly());
        serverChannels.clear();
        if (workerGroup != null) {
            registry.disconnect(p -> true, ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down");
            readBarrier.release();
            workerGroup.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
            authExecutor.shutdownNow();
            persistence.close();
            workerGroup = null;
            router = null;
            registry = null;
        }
    }

    public int publish(
            String tenantId, String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
        checkPublish(topic, qos);
        long now = System.currentTimeMillis();
        return router.route(new Message(
                tenantId, topic, payload.clone(), qos, retain, properties, Message.expiresAt(properties, now), null));
    }

    public boolean publishTo(
            String tenantId, String clientId, String topic, byte[] payload, int qos, MessageProperties properties) {
        checkPublish(topic, qos);
        long now = System.currentTimeMillis();
        return router.routeTo(
                new SessionKey(tenantId, clientId),
                new Message(
                        tenantId,
                        topic,
                        payload.clone(),
                        qos,
                        false,
                        properties,
                        Message.expiresAt(properties, now),
                        null));
    }

    public Set<String> subscribers(String tenantId, String topic) {
        if (!Topics.isValidTopicName(topic)) {
            throw new IllegalArgumentException("invalid topic name '" + topic + "'");
        }
        requireStarted();
        return router.subscribers(tenantId, topic);
    }

    private void checkPublish(String topic, int qos) {
        if (!Topics.isValidTopicName(topic)) {
            throw new IllegalArgumentException("invalid topic name '" + topic + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0-2");
        }
        requireStarted();
    }

    public int disconnect(Predicate<Principal> which) {
        requireStarted();
        return registry.disconnect(which, ReasonCode.ADMINISTRATIVE_ACTION, "disconnected by the platform");
    }

    public int connectionCount() {
        return metrics.connections();
    }

    private void requireStarted() {
        if (router == null) {
            throw new IllegalStateException("the broker is not started");
        }
    }
}
