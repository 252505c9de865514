package io.millwright.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.millwright.core.auth.AuthService;
import io.millwright.core.auth.PasswordHasher;
import io.millwright.core.auth.Principal;
import io.millwright.core.command.CommandDispatcher;
import io.millwright.core.command.CommandLimits;
import io.millwright.core.command.CommandService;
import io.millwright.core.device.DeviceRegistry;
import io.millwright.core.twin.TwinLimits;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.http.HttpApi;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.gateway.DeviceGateway;
import io.millwright.mqtt.gateway.GatewayConfig;
import io.millwright.server.config.ServerConfig;
import io.millwright.server.mqtt.RegistryAuthenticator;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import io.millwright.store.sqlite.SqliteDeviceStore;
import io.millwright.store.sqlite.SqliteTenantStore;
import io.millwright.store.sqlite.SqliteTokenStore;
import io.millwright.store.sqlite.SqliteUserStore;
import io.millwright.store.sqlite.broker.SqliteRetainedMessageStore;
import io.millwright.store.sqlite.broker.SqliteSessionStore;
import io.millwright.store.sqlite.command.SqliteCommandStore;
import io.millwright.store.sqlite.twin.SqliteConnectivityStore;
import io.millwright.store.sqlite.twin.SqliteTwinStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly: builds every subsystem with plain constructors, starts the listeners, and stops them in reverse order.
 * This is the only class that knows all modules.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    /** How often the command dispatcher expires and times out commands: the resolution of TTLs and timeouts. */
    private static final Duration COMMAND_SWEEP_INTERVAL = Duration.ofSeconds(1);

    /**
     * The domain services of a running platform, for embedding and for tests that drive what the REST API does not
     * expose yet (twins, commands).
     */
    public record Services(
            DeviceRegistry devices,
            TwinService twins,
            CommandService commands,
            ConnectivityService connectivity,
            AuthService auth) {}

    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int httpPort;
    private int mqttPort = -1;
    private int wsPort = -1;
    private Services services;

    private Platform() {}

    /**
     * Starts the platform and returns when every listener is bound. On failure, whatever was started is stopped again
     * and the exception propagates.
     */
    public static Platform start(ServerConfig config) {
        Platform platform = new Platform();
        try {
            platform.startAll(config);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        closeInReverse.push(gc);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        SqliteDatabase db = SqliteDatabase.open(new SqliteConfig(
                config.dataDir().resolve("millwright.db"), config.storage().synchronous(), 4, 64 * 1024));
        closeInReverse.push(db);

        SqliteTenantStore tenants = new SqliteTenantStore(db);
        AuthService auth = new AuthService(
                tenants, new SqliteUserStore(db), new SqliteTokenStore(db), new PasswordHasher(), config.auth(), clock);
        DeviceRegistry devices = new DeviceRegistry(
                new SqliteDeviceStore(db), clock, config.auth().credentialCacheTtl());

        SqliteDeviceStore deviceStore = new SqliteDeviceStore(db);
        TwinService twins = new TwinService(new SqliteTwinStore(db), deviceStore, TwinLimits.DEFAULTS, clock);
        ConnectivityService connectivity = new ConnectivityService(new SqliteConnectivityStore(db), deviceStore, clock);
        CommandService commands =
                new CommandService(new SqliteCommandStore(db), deviceStore, CommandLimits.DEFAULTS, clock);

        AuthService.Bootstrap bootstrap = auth.bootstrap(config.adminPassword());
        bootstrap
                .generatedPassword()
                .ifPresent(password -> log.warn(
                        "\n\n    Created user 'admin' with generated password: {}\n"
                                + "    It is shown only once. Set MILLWRIGHT_ADMIN_PASSWORD before the first start to choose it.\n",
                        password));

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "millwright-housekeeping");
            t.setDaemon(true);
            return t;
        });
        closeInReverse.push(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    try {
                        auth.purgeExpiredTokens();
                    } catch (RuntimeException e) {
                        log.warn("purging expired tokens failed", e);
                    }
                },
                1,
                60,
                TimeUnit.MINUTES);

        connectivity.start(Duration.ofSeconds(10));
        closeInReverse.push(connectivity::stop);

        String defaultTenant = bootstrap.defaultTenant().id();
        MqttConfig mqttConfig =
                config.mqtt().toBuilder().defaultTenantId(defaultTenant).build();
        DeviceGateway gateway = new DeviceGateway(twins, commands, connectivity, GatewayConfig.defaults());
        closeInReverse.push(gateway);
        MqttBroker broker = new MqttBroker(
                mqttConfig,
                new RegistryAuthenticator(devices, auth, mqttConfig.allowAnonymous(), defaultTenant),
                gateway,
                new SqliteSessionStore(db),
                new SqliteRetainedMessageStore(db),
                metrics);
        CommandDispatcher dispatcher =
                new CommandDispatcher(commands, gateway.commandTransport(), COMMAND_SWEEP_INTERVAL);
        gateway.attach(broker, dispatcher);
        devices.onCredentialsRevoked(device -> broker.disconnect(
                p -> p instanceof Principal.Device d && d.deviceId().equals(device.id())));
        MqttBroker.BoundPorts mqttPorts = broker.start();
        mqttPort = mqttPorts.mqttPort();
        wsPort = mqttPorts.wsPort();
        closeInReverse.push(broker::stop);
        dispatcher.start();
        closeInReverse.push(dispatcher::stop);
        services = new Services(devices, twins, commands, connectivity, auth);

        HttpApi http = new HttpApi(auth, devices, metrics, config.http(), ready::get);
        httpPort = http.start();
        closeInReverse.push(http::stop);

        ready.set(true);
        log.info(
                "Millwright ready: http={} mqtt={} ws={} data-dir={}",
                httpPort,
                mqttPort,
                wsPort,
                config.dataDir().toAbsolutePath().normalize());
    }

    /** The domain services, once started. */
    public Services services() {
        return services;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The MQTT over TCP port, or -1 when disabled. */
    public int mqttPort() {
        return mqttPort;
    }

    /** The MQTT over WebSocket port, or -1 when disabled. */
    public int wsPort() {
        return wsPort;
    }

    /** Stops listeners first (no new work), then lets in-flight writes finish, then closes storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        while (!closeInReverse.isEmpty()) {
            AutoCloseable next = closeInReverse.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("error during shutdown", e);
            }
        }
        log.info("Millwright stopped");
    }
}
