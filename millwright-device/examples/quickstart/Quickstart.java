import io.millwright.device.MillwrightDevice;
import io.millwright.device.Twin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thermometer with a fan: sends its temperature every few seconds, obeys the desired {@code fanSpeed}, and answers
 * the commands {@code set-fan} and {@code ping}. Run it with {@code ./millwright example --name NAME --token TOKEN}
 * (see README.md next to this file).
 */
public class Quickstart {

    private static volatile double fanSpeed = 20;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String name = options.getOrDefault("name", "pump-1");
        String token = options.get("token");
        if (token == null) {
            System.out.println("usage: ./millwright example --token TOKEN [--name pump-1] [--server mqtt://localhost:1883]"
                    + " [--count N] [--interval 2s]");
            System.out.println("get a token with: ./millwright device create " + name);
            return;
        }
        String server = options.getOrDefault("server", "mqtt://localhost:1883");
        int count = Integer.parseInt(options.getOrDefault("count", "0"));
        Duration interval = duration(options.getOrDefault("interval", "2s"));

        try (MillwrightDevice device = MillwrightDevice.builder()
                .server(server)
                .name(name)
                .token(token)
                .build()) {

            // Handlers first: the current desired state is delivered right after connecting.
            device.onDesired(update -> {
                if (update.desired().get("fanSpeed") instanceof Number speed) {
                    fanSpeed = speed.doubleValue();
                    System.out.printf("desired state v%d: fan speed %.0f%n", update.version(), fanSpeed);
                    device.reportTwin(Map.of("fanSpeed", fanSpeed));
                }
            });
            device.onCommand("set-fan", command -> {
                fanSpeed = Math.max(0, Math.min(100, command.number("speed", fanSpeed)));
                System.out.printf("command %s: fan speed %.0f%n", command.id(), fanSpeed);
                device.reportTwin(Map.of("fanSpeed", fanSpeed));
                return Map.of("fanSpeed", fanSpeed);
            });
            device.onCommand("ping", command -> "pong");

            System.out.printf("connecting to %s as %s...%n", server, name);
            device.connect().get(30, TimeUnit.SECONDS);
            System.out.println("connected with " + device.protocol().orElseThrow());
            device.reportTwin(Map.of("firmware", "quickstart-1.0", "fanSpeed", fanSpeed));

            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            Random random = new Random();
            double temperature = 35;
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (int sent = 0; count == 0 || sent < count; sent++) {
                // The fan pulls the temperature towards 45 - speed/4 degrees; the rest is noise.
                temperature += (45 - fanSpeed / 4 - temperature) * 0.1 + random.nextGaussian() * 0.2;
                double reading = Math.round(temperature * 100) / 100.0;
                last = device.telemetry()
                        .put("temperature", reading)
                        .put("fanSpeed", fanSpeed)
                        .send()
                        .thenRun(() -> System.out.printf("temperature %.2f acknowledged%n", reading));
                if (stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            last.get(30, TimeUnit.SECONDS);
            try {
                Twin twin = device.twin().get(5, TimeUnit.SECONDS);
                System.out.println("twin: reported " + twin.reported() + ", desired " + twin.desired());
            } catch (TimeoutException e) {
                System.out.println("the server did not answer the twin request within 5 s");
            }
        }
    }

    /** "500ms" or "2s". */
    private static Duration duration(String text) {
        return text.endsWith("ms")
                ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
