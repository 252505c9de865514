package io.millwright.testkit;

import io.millwright.core.auth.Principal;
import io.millwright.server.Platform;
import io.millwright.server.Services;
import io.millwright.server.config.ConfigSource;
import io.millwright.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real platform, in process, on ephemeral ports, with its own data directory: what integration tests start.
 *
 * <pre>{@code
 * try (TestPlatform platform = TestPlatform.start()) {
 *     ApiSession admin = platform.api().loginAsAdmin();
 *     admin.createDevice("pump-1");
 * }
 * }</pre>
 *
 * {@link #restart()} stops the server and starts it again on the same data directory, as an operator would.
 */
public final class TestPlatform implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-test-password";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> settings;
    private Platform platform;

    private TestPlatform(Path dataDir, boolean ownsDataDir, Map<String, String> settings) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.settings = settings;
        this.platform = Platform.start(config());
    }

    /** Starts a platform with default settings in a fresh temporary data directory. */
    public static TestPlatform start() {
        return start(Map.of());
    }

    /** Starts a platform with extra configuration keys (as in the YAML file, e.g. {@code mqtt.allow-anonymous}). */
    public static TestPlatform start(Map<String, String> settings) {
        try {
            return new TestPlatform(Files.createTempDirectory("millwright-it-"), true, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops and starts again on the same data directory; ports change. */
    public TestPlatform restart() {
        platform.close();
        platform = Platform.start(config());
        return this;
    }

    public Platform platform() {
        return platform;
    }

    /** The domain services of the running platform (twins and commands have no REST routes yet). */
    public Services services() {
        return platform.services();
    }

    /** The admin user as a principal, to call the services as the REST API would. */
    public Principal.User admin() {
        ApiClient.Response login =
                api().post("/api/v1/auth/login", Map.of("username", "admin", "password", ADMIN_PASSWORD));
        if (login.status() != 200) {
            throw new IllegalStateException("admin login failed: " + login.status() + " " + login.body());
        }
        return services().auth().authenticate(login.json().path("token").asText());
    }

    public Path dataDir() {
        return dataDir;
    }

    public String httpBase() {
        return "http://127.0.0.1:" + platform.httpPort();
    }

    public int mqttPort() {
        return platform.mqttPort();
    }

    public int wsPort() {
        return platform.wsPort();
    }

    public ApiClient api() {
        return new ApiClient(httpBase());
    }

    private ServerConfig config() {
        Map<String, String> values = new HashMap<>();
        values.put("data-dir", dataDir.toString());
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        values.put("mqtt.host", "127.0.0.1");
        values.put("mqtt.port", "0");
        values.put("mqtt.ws-port", "0");
        values.put("storage.sqlite.synchronous", "NORMAL");
        values.put("admin-password", ADMIN_PASSWORD);
        values.putAll(settings);
        return ServerConfig.load(new ConfigSource(ConfigSource.readYaml(null), Map.of(), values));
    }

    @Override
    public void close() {
        platform.close();
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
