package io.millwright.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interoperability with the mosquitto command-line clients, when they are installed (apt: mosquitto-clients). */
class MosquittoClientsIT {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")) && Files.isExecutable(Path.of("/usr/bin/stdbuf")),
                "mosquitto-clients not installed");
        broker = TestBroker.start(b -> b.denySubscribe(List.of("test/nosubscribe")));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private List<String> command(String tool, String version, String... args) {
        // stdbuf: mosquitto_sub's stdout is block-buffered on a pipe; the test reacts to its SUBACK line.
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/stdbuf",
                "-oL",
                "/usr/bin/" + tool,
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(broker.port()),
                "-V",
                version,
                "-u",
                "alice",
                "-P",
                TestAuthenticator.PASSWORD));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquitto_sub_receives_what_mosquitto_pub_sends(String version) throws Exception {
        String topic = "mosq/" + version;
        Process sub = new ProcessBuilder(command(
                        "mosquitto_sub",
                        version,
                        "-d",
                        "-i",
                        "sub-" + version,
                        "-t",
                        topic,
                        "-q",
                        "1",
                        "-C",
                        "1",
                        "-W",
                        "10"))
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
                if (line.contains("SUBACK")) {
                    Process pub = new ProcessBuilder(command(
                                    "mosquitto_pub", version, "-d", "-t", topic, "-q", "1", "-m", "from mosquitto"))
                            .redirectErrorStream(true)
                            .start();
                    assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    String pubOutput = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(pub.exitValue()).as(pubOutput).isZero();
                    output.add(pubOutput);
                }
            }
        }
        assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("from mosquitto");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void subscription_to_a_denied_filter_fails(String version) throws IOException, InterruptedException {
        Process sub = new ProcessBuilder(
                        command("mosquitto_sub", version, "-d", "-t", "test/nosubscribe", "-C", "1", "-W", "2"))
                .redirectErrorStream(true)
                .start();
        String output = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output).containsAnyOf("128", "135", "denied");
    }
}
