package io.millwright.device;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.net.SocketFactory;

/**
 * A device's validated settings, built by {@link MillwrightDevice.Builder}; see its methods for meaning and defaults.
 */
record DeviceOptions(
        ServerAddress server,
        String name,
        String token,
        String clientId,
        Duration keepAlive,
        Duration connectTimeout,
        Duration backoffMin,
        Duration backoffMax,
        int bufferCapacity,
        Path bufferDirectory,
        int maxInFlight,
        int telemetryQos,
        boolean deviceTimestamps,
        int commandMemory,
        MqttProtocol protocol,
        SocketFactory socketFactory,
        DeviceRuntime runtime,
        Clock clock,
        RandomGenerator random,
        MqttTransport.Factory transportFactory) {

    /** Device names as the registry accepts them: they are also topic levels. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    DeviceOptions {
        Objects.requireNonNull(server, "server is required: .server(\"mqtt://host:1883\")");
        Objects.requireNonNull(name, "name is required: .name(\"pump-1\")");
        Objects.requireNonNull(token, "token is required: .token(\"<device access token>\")");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "device name must be 1-64 characters of A-Z a-z 0-9 . _ - (was '" + name + "')");
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        clientId = clientId == null ? name : clientId;
        positive("keepAlive", keepAlive);
        if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException("keepAlive must be 1s-65535s (was " + keepAlive + ")");
        }
        positive("connectTimeout", connectTimeout);
        positive("backoff min", backoffMin);
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException(
                    "backoff max (" + backoffMax + ") must not be below backoff min (" + backoffMin + ")");
        }
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bufferCapacity must be at least 1 (was " + bufferCapacity + ")");
        }
        if (maxInFlight < 1 || maxInFlight > 1000) {
            throw new IllegalArgumentException("maxInFlight must be 1-1000 (was " + maxInFlight + ")");
        }
        if (telemetryQos != 0 && telemetryQos != 1) {
            throw new IllegalArgumentException("telemetryQos must be 0 or 1 (was " + telemetryQos + ")");
        }
        if (commandMemory < 1) {
            throw new IllegalArgumentException("commandMemory must be at least 1 (was " + commandMemory + ")");
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(transportFactory, "transportFactory");
    }

    private static void positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive (was " + value + ")");
        }
    }

    /** What a transport needs to connect to {@code address}. */
    MqttTransport.Settings transportSettings(ServerAddress address) {
        return new MqttTransport.Settings(
                address,
                clientId,
                name,
                token.getBytes(StandardCharsets.UTF_8),
                keepAlive,
                connectTimeout,
                // Paho 3 counts every unacknowledged publish (telemetry, twin, results) against its in-flight limit.
                maxInFlight + 16,
                socketFactory,
                runtime);
    }

    @Override
    public String toString() {
        return "DeviceOptions[" + name + " @ " + server + "]";
    }
}
