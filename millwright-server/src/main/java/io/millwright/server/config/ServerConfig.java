package io.millwright.server.config;

import io.millwright.core.auth.AuthConfig;
import io.millwright.http.HttpConfig;
import io.millwright.mqtt.MqttConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole server configuration: one typed record per subsystem, each validated where it is built.
 *
 * @param adminPassword the password of the {@code admin} user created on first start ({@code MILLWRIGHT_ADMIN_PASSWORD});
 *     empty to generate one and print it once
 */
public record ServerConfig(
        Path dataDir,
        HttpConfig http,
        MqttConfig mqtt,
        TelemetrySettings telemetry,
        StorageSettings storage,
        AuthConfig auth,
        Optional<String> adminPassword) {

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(adminPassword, "adminPassword");
    }

    /** Reads every key from {@code source}; fails on the first invalid value or on an unknown key in the file. */
    public static ServerConfig load(ConfigSource source) {
        Path dataDir = Path.of(source.string("data-dir", "./data"));
        HttpConfig http = bind(() -> new HttpConfig(
                source.string("http.host", HttpConfig.DEFAULT_HOST),
                source.integer("http.port", HttpConfig.DEFAULT_PORT, 0, 65535),
                source.longValue(
                        "http.max-request-body-bytes",
                        HttpConfig.DEFAULT_MAX_REQUEST_BODY_BYTES,
                        1,
                        HttpConfig.MAX_REQUEST_BODY_BYTES_LIMIT)));
        MqttConfig mqtt = bind(() -> MqttSettings.from(source));
        TelemetrySettings telemetry = bind(() -> TelemetrySettings.from(source));
        StorageSettings storage = StorageSettings.from(source);
        AuthConfig auth = new AuthConfig(
                source.duration(
                        "auth.session-ttl",
                        AuthConfig.DEFAULTS.sessionTtl(),
                        Duration.ofMinutes(1),
                        Duration.ofDays(365)),
                source.duration(
                        "auth.credential-cache-ttl",
                        AuthConfig.DEFAULTS.credentialCacheTtl(),
                        Duration.ZERO,
                        Duration.ofHours(1)));
        Optional<String> adminPassword = Optional.ofNullable(source.string("admin-password", null));
        source.rejectUnknownKeys();
        return new ServerConfig(dataDir, http, mqtt, telemetry, storage, auth, adminPassword);
    }

    /** Turns a record's own validation failure into a configuration error. */
    private static <T> T bind(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }
}
