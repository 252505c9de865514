package io.millwright.device;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.net.SocketFactory;

/** Settings of a {@link MillwrightDevice}; every setter returns the builder. */
public final class DeviceBuilder {
    private String server;
    private String name;
    private String token;
    private String clientId;
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration backoffMin = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(60);
    private int bufferCapacity = 10_000;
    private Path bufferDirectory;
    private int maxInFlight = 16;
    private int telemetryQos = 1;
    private boolean deviceTimestamps = true;
    private int commandMemory = 1_000;
    private MqttProtocol protocol = MqttProtocol.V5;
    private SocketFactory socketFactory;
    private DeviceRuntime runtime = DeviceRuntime.shared();
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random;
    private MqttTransport.Factory transportFactory = MqttTransport.PAHO;

    DeviceBuilder() {}

    /** {@code mqtt://host[:1883]} or {@code mqtts://host[:8883]}. Required. */
    public DeviceBuilder server(String address) {
        this.server = address;
        return this;
    }

    /** The registered device name (the MQTT username). Required. */
    public DeviceBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The device's access token (the MQTT password). Required. */
    public DeviceBuilder token(String token) {
        this.token = token;
        return this;
    }

    /** MQTT client id; default: the device name. */
    public DeviceBuilder clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    /** MQTT keep-alive; default 30 s. The server may lower it. */
    public DeviceBuilder keepAlive(Duration keepAlive) {
        this.keepAlive = keepAlive;
        return this;
    }

    /** How long a connection attempt may take; default 10 s. */
    public DeviceBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** Reconnect backoff: the first delay is at most {@code min}, doubling up to {@code max}; default 0.5 s, 60 s. */
    public DeviceBuilder backoff(Duration min, Duration max) {
        this.backoffMin = min;
        this.backoffMax = max;
        return this;
    }

    /** Telemetry messages the offline buffer holds before dropping the oldest; default 10,000. */
    public DeviceBuilder bufferCapacity(int messages) {
        this.bufferCapacity = messages;
        return this;
    }

    /** Keeps the buffer on disk in this directory (one per device) so unsent telemetry survives a restart. */
    public DeviceBuilder bufferDirectory(Path directory) {
        this.bufferDirectory = directory;
        return this;
    }

    /** Telemetry messages published but not yet acknowledged, at most; default 16. */
    public DeviceBuilder maxInFlight(int messages) {
        this.maxInFlight = messages;
        return this;
    }

    /** QoS of telemetry: 1 (default, acknowledged) or 0 (fire and forget; futures complete once written). */
    public DeviceBuilder telemetryQos(int qos) {
        this.telemetryQos = qos;
        return this;
    }

    /** Whether telemetry is stamped with the device clock (default) or left for the server to stamp. */
    public DeviceBuilder deviceTimestamps(boolean enabled) {
        this.deviceTimestamps = enabled;
        return this;
    }

    /** Recent command ids remembered to ignore redeliveries; default 1,000. */
    public DeviceBuilder commandMemory(int ids) {
        this.commandMemory = ids;
        return this;
    }

    /** The first protocol tried; default MQTT 5 (with fallback). {@code V3_1_1} skips the MQTT 5 attempt. */
    public DeviceBuilder protocol(MqttProtocol protocol) {
        this.protocol = protocol;
        return this;
    }

    /** Sockets for the connection, e.g. an {@code SSLSocketFactory} with a private trust store for mqtts. */
    public DeviceBuilder socketFactory(SocketFactory socketFactory) {
        this.socketFactory = socketFactory;
        return this;
    }

    /** The threads to share with other devices; default {@link DeviceRuntime#shared()}. */
    public DeviceBuilder runtime(DeviceRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    /** The clock that stamps telemetry; default UTC system clock. */
    public DeviceBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    DeviceBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    DeviceBuilder transportFactory(MqttTransport.Factory factory) {
        this.transportFactory = factory;
        return this;
    }

    /**
     * Validates the settings and creates the device (opening an on-disk buffer); nothing connects until {@link
     * MillwrightDevice#connect()}.
     *
     * @throws IllegalArgumentException or {@link NullPointerException} naming the invalid setting
     * @throws IllegalStateException when another device holds the buffer directory
     */
    public MillwrightDevice build() {
        return new MillwrightDevice(new DeviceOptions(
                ServerAddress.parse(server),
                name,
                token,
                clientId,
                keepAlive,
                connectTimeout,
                backoffMin,
                backoffMax,
                bufferCapacity,
                bufferDirectory,
                maxInFlight,
                telemetryQos,
                deviceTimestamps,
                commandMemory,
                protocol,
                socketFactory,
                runtime,
                clock,
                random == null ? RandomGenerator.getDefault() : random,
                transportFactory));
    }
}
