package io.millwright.bench.platform;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Registered devices, each connected over MQTT 5 as itself (username = name, password = token), so the broker's
 * device gateway handles their traffic exactly as in production.
 */
final class Fleet implements AutoCloseable {

    /** One device and its connected client. */
    record Member(RestApi.Device device, Mqtt5AsyncClient client) {}

    private final List<Member> members;

    private Fleet(List<Member> members) {
        this.members = members;
    }

    /** REST registrations in parallel: the server commits each durably, so concurrency lets it group the commits. */
    private static final int REGISTRATIONS_IN_FLIGHT = 32;

    /** MQTT connects outstanding at once, so a large fleet does not arrive as one burst of SYNs. */
    private static final int CONNECTS_IN_FLIGHT = 500;

    /**
     * Registers {@code size} devices through REST ({@value #REGISTRATIONS_IN_FLIGHT} requests at a time) and
     * connects each ({@value #CONNECTS_IN_FLIGHT} connects at a time); fails if any registration or connect fails.
     */
    static Fleet create(RestApi api, int mqttPort, String prefix, int size) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(REGISTRATIONS_IN_FLIGHT);
        List<RestApi.Device> devices = new ArrayList<>();
        try {
            List<Future<RestApi.Device>> created = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = String.format(java.util.Locale.ROOT, "%s-%05d", prefix, i);
                created.add(pool.submit(() -> api.createDevice(name)));
            }
            for (Future<RestApi.Device> f : created) {
                devices.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("device registration failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        List<Member> members = new ArrayList<>();
        List<CompletableFuture<?>> connects = new ArrayList<>();
        Semaphore connecting = new Semaphore(CONNECTS_IN_FLIGHT);
        for (RestApi.Device d : devices) {
            if (!connecting.tryAcquire(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("MQTT connects of the fleet stalled");
            }
            Mqtt5AsyncClient client = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(d.name())
                    .serverHost("127.0.0.1")
                    .serverPort(mqttPort)
                    .buildAsync();
            connects.add(client.connectWith()
                    .cleanStart(true)
                    .keepAlive(120)
                    .simpleAuth()
                    .username(d.name())
                    .password(d.token().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send()
                    .whenComplete((ack, error) -> connecting.release()));
            members.add(new Member(d, client));
        }
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new))
                .orTimeout(120, TimeUnit.SECONDS)
                .join();
        return new Fleet(members);
    }

    List<Member> members() {
        return members;
    }

    int size() {
        return members.size();
    }

    @Override
    public void close() {
        List<CompletableFuture<?>> disconnects = new ArrayList<>();
        members.forEach(m -> disconnects.add(m.client().disconnect()));
        CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new))
                .orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }
}
