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
import io.millwright.core.telemetry.RetentionJob;
import io.millwright.core.telemetry.RetentionPolicy;
import io.millwright.core.telemetry.ServerClock;
import io.millwright.core.telemetry.StreamConfig;
import io.millwright.core.telemetry.TelemetryIngest;
import io.millwright.core.telemetry.TelemetryParser;
import io.millwright.core.telemetry.TelemetryService;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.twin.TwinLimits;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.http.CommandRoutes;
import io.millwright.http.ConnectivityRoutes;
import io.millwright.http.HttpApi;
import io.millwright.http.Readiness;
import io.millwright.http.TelemetryRoutes;
import io.millwright.http.TwinRoutes;
import io.millwright.mqtt.MqttBroker;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.gateway.DeviceGateway;
import io.millwright.mqtt.gateway.GatewayConfig;
import io.millwright.server.config.ServerConfig;
import io.millwright.server.config.TelemetrySettings;
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
import io.millwright.store.sqlite.telemetry.SqliteTelemetryConfig;
import io.millwright.store.sqlite.telemetry.SqliteTelemetryStore;
import io.millwright.store.sqlite.twin.SqliteConnectivityStore;
import io.millwright.store.sqlite.twin.SqliteTwinStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly: builds every subsystem with plain constructors, starts the listeners, and stops them in reverse order.
 * This is the only class that knows all modules.
 *
 * <p>Start order: metrics, storage, domain services, background jobs, MQTT, HTTP; readiness is reported only when all
 * of them run. Stop order is the reverse, so no listener accepts work once storage starts closing and every write in
 * flight is committed first.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    /** How often the command dispatcher expires and times out commands: the resolution of TTLs and timeouts. */
    private static final Duration COMMAND_SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Services services;
    private int httpPort = -1;
    private int mqttPort = -1;
    private int wsPort = -1;

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
        bindJvmMetrics();
        SqliteDatabase db = SqliteDatabase.open(new SqliteConfig(
                config.dataDir().resolve("millwright.db"), config.storage().synchronous(), 4, 64 * 1024));
        closeInReverse.push(db);
        services = startServices(config, db);
        startHousekeeping(config, db);
        startBroker(config, db);
        startHttp(config, db);

        ready.set(true);
        log.info(
                "Millwright ready: http={} mqtt={} ws={} data-dir={}",
                httpPort,
                mqttPort,
                wsPort,
                config.dataDir().toAbsolutePath().normalize());
    }

    private void bindJvmMetrics() {
        new ClassLoaderMetrics().bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        closeInReverse.push(gc);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
    }

    private Services startServices(ServerConfig config, SqliteDatabase db) {
        // Entities are stored with millisecond times; ticking in milliseconds makes a value just created equal the
        // same value read back. Telemetry keeps its own microsecond clock.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        SqliteTenantStore tenants = new SqliteTenantStore(db);
        AuthService auth = new AuthService(
                tenants, new SqliteUserStore(db), new SqliteTokenStore(db), new PasswordHasher(), config.auth(), clock);
        SqliteDeviceStore deviceStore = new SqliteDeviceStore(db);
        DeviceRegistry devices =
                new DeviceRegistry(deviceStore, clock, config.auth().credentialCacheTtl());
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

        connectivity.start(Duration.ofSeconds(10));
        closeInReverse.push(connectivity::stop);

        SqliteTelemetryStore telemetryStore =
                SqliteTelemetryStore.open(db, SqliteTelemetryConfig.defaults(), Clock.systemUTC());
        telemetryStore.start();
        closeInReverse.push(telemetryStore);
        TelemetryMetrics telemetryMetrics = new TelemetryMetrics(metrics);
        TelemetryIngest ingest = new TelemetryIngest(
                telemetryStore, config.telemetry().ingest(), new ServerClock(Clock.systemUTC()), telemetryMetrics);
        telemetryMetrics.bind(metrics, () -> ingest);
        ingest.start();
        closeInReverse.push(ingest::close);
        TelemetryService telemetry = new TelemetryService(
                deviceStore,
                new TelemetryParser(config.telemetry().limits(), Clock.systemUTC()),
                ingest,
                telemetryStore,
                StreamConfig.defaults());
        closeInReverse.push(telemetry);

        return new Services(
                bootstrap.defaultTenant(),
                auth,
                devices,
                twins,
                connectivity,
                commands,
                telemetry,
                telemetryStore,
                ingest,
                deviceStore);
    }

    private void startHousekeeping(ServerConfig config, SqliteDatabase db) {
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "millwright-housekeeping");
            t.setDaemon(true);
            return t;
        });
        closeInReverse.push(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(
                () -> guarded("purging expired tokens", () -> services.auth().purgeExpiredTokens()),
                1,
                60,
                TimeUnit.MINUTES);
        TelemetrySettings telemetry = config.telemetry();
        SqliteTenantStore tenants = new SqliteTenantStore(db);
        RetentionJob retention = new RetentionJob(
                services.telemetryStore(),
                tenants,
                services.deviceStore(),
                retentionPolicy(telemetry, tenants),
                Clock.systemUTC());
        long every = telemetry.retentionInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(
                () -> guarded("telemetry retention", retention::run), every, every, TimeUnit.MILLISECONDS);
        if (telemetry.retentionDefault() != null) {
            // Connect/disconnect history follows the default telemetry TTL: it is device history of the same kind.
            Duration ttl = telemetry.retentionDefault();
            housekeeping.scheduleWithFixedDelay(
                    () -> guarded(
                            "connectivity history retention",
                            () -> services.connectivity()
                                    .purgeOlderThan(Instant.now().minus(ttl))),
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        }
    }

    private static RetentionPolicy retentionPolicy(TelemetrySettings telemetry, SqliteTenantStore tenants) {
        Map<String, Duration> byTenantId = new HashMap<>();
        telemetry
                .retentionByTenantName()
                .forEach((name, ttl) -> tenants.findByName(name)
                        .map(Tenant::id)
                        .ifPresentOrElse(
                                id -> byTenantId.put(id, ttl),
                                () -> log.warn("telemetry.retention.tenants names an unknown tenant '{}'", name)));
        return new RetentionPolicy(telemetry.retentionDefault(), byTenantId, telemetry.retentionByDeviceType());
    }

    private void startBroker(ServerConfig config, SqliteDatabase db) {
        String defaultTenant = services.defaultTenant().id();
        MqttConfig mqttConfig =
                config.mqtt().toBuilder().defaultTenantId(defaultTenant).build();
        DeviceGateway gateway = new DeviceGateway(
                services.twins(), services.commands(), services.connectivity(), GatewayConfig.defaults());
        closeInReverse.push(gateway);
        MqttBroker broker = new MqttBroker(
                mqttConfig,
                new RegistryAuthenticator(
                        services.devices(), services.auth(), mqttConfig.allowAnonymous(), defaultTenant),
                gateway,
                new SqliteSessionStore(db),
                new SqliteRetainedMessageStore(db),
                metrics);
        CommandDispatcher dispatcher =
                new CommandDispatcher(services.commands(), gateway.commandTransport(), COMMAND_SWEEP_INTERVAL);
        gateway.attach(broker, dispatcher);
        gateway.attachTelemetry(
                services.telemetry(), services.telemetryIngest(), services.deviceStore(), broker, metrics);
        services.devices()
                .onCredentialsRevoked(device -> broker.disconnect(
                        p -> p instanceof Principal.Device d && d.deviceId().equals(device.id())));
        MqttBroker.BoundPorts ports = broker.start();
        mqttPort = ports.mqttPort();
        wsPort = ports.wsPort();
        closeInReverse.push(broker::stop);
        dispatcher.start();
        closeInReverse.push(dispatcher::stop);
    }

    private void startHttp(ServerConfig config, SqliteDatabase db) {
        HttpApi http = new HttpApi(
                services.auth(),
                services.devices(),
                metrics,
                config.http(),
                readiness(db),
                List.of(
                        new TwinRoutes(services.twins()),
                        new CommandRoutes(services.commands()),
                        new ConnectivityRoutes(services.connectivity()),
                        new TelemetryRoutes(services.telemetry(), services.devices())));
        httpPort = http.start();
        closeInReverse.push(http::stop);
    }

    /**
     * Ready once every listener is up, until shutdown begins, and while storage takes writes: after a write failed for
     * a reason of the store's own (disk full, I/O error) the probe answers 503 until a write commits again, so that an
     * orchestrator stops sending traffic that could not be acknowledged.
     */
    private Readiness readiness(SqliteDatabase db) {
        return new Readiness() {
            @Override
            public boolean isReady() {
                return ready.get() && db.writeFailure().isEmpty();
            }

            @Override
            public String reason() {
                if (!ready.get()) {
                    return "the platform is starting or shutting down";
                }
                return db.writeFailure()
                        .map(failure -> "storage writes are failing: " + failure)
                        .orElse("the platform is not ready");
            }
        };
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("{} failed", what, e);
        }
    }

    /** The HTTP port, or -1 before start. */
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

    /** The domain services, for tests and tools that drive the platform from inside the process. */
    public Services services() {
        return services;
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
