package io.millwright.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millwright.device.MillwrightDevice;
import io.millwright.testkit.ApiClient;
import io.millwright.testkit.MqttApplication;
import io.millwright.testkit.TestPlatform;
import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK quickstart example ({@code millwright-device/examples/quickstart}) compiles and works as its README says. */
class QuickstartExampleIT {

    private static final Path EXAMPLE = Path.of("..", "millwright-device", "examples", "quickstart", "Quickstart.java");

    @TempDir
    Path classes;

    @Test
    void the_quickstart_connects_and_sends_telemetry() throws Exception {
        assertThat(EXAMPLE).exists();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String sdk = new File(MillwrightDevice.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getPath();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(
                        diagnostics,
                        null,
                        null,
                        List.of("-Xlint:all", "-Werror", "-classpath", sdk, "-d", classes.toString()),
                        null,
                        javac.getStandardFileManager(null, null, null).getJavaFileObjects(EXAMPLE.toFile()))
                .call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();
        assertThat(Files.exists(classes.resolve("Quickstart.class"))).isTrue();

        try (TestPlatform platform = TestPlatform.start()) {
            ApiClient admin = platform.api().loginAsAdmin();
            JsonNode device = admin.createDevice("quickstart-1");
            String token = device.path("token").asText();
            String apiToken = admin.post("/api/v1/tokens", Map.of("name", "quickstart"))
                    .json()
                    .path("token")
                    .asText();
            try (MqttApplication app =
                            MqttApplication.connect(platform, "admin", apiToken).subscribe("devices/quickstart-1/#");
                    URLClassLoader loader = new URLClassLoader(
                            new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
                Method main = loader.loadClass("Quickstart").getMethod("main", String[].class);
                main.invoke(null, (Object) new String[] {
                    "--server", "mqtt://127.0.0.1:" + platform.mqttPort(),
                    "--name", "quickstart-1",
                    "--token", token,
                    "--count", "3",
                    "--interval", "100ms"
                });

                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                app.received("devices/quickstart-1/telemetry").size() == 3);
                JsonNode first =
                        app.received("devices/quickstart-1/telemetry").get(0).json();
                assertThat(first.path("values").has("temperature")).isTrue();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !admin.get(
                                        "/api/v1/devices/" + device.path("id").asText() + "/twin")
                                .json()
                                .path("reported")
                                .isEmpty());
            }
        }
    }
}
