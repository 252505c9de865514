package io.millwright.bench.platform;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.millwright.bench.BenchMain.Suite;
import io.millwright.bench.broker.BrokerProcess;
import io.millwright.bench.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Commands end to end and twin writes. Every device subscribes to {@code devices/{name}/commands/+} and answers each
 * command at once with {@code {"ok": true, ...}} on its {@code /result} topic (from the client's callback thread). A
 * few REST callers send commands to random devices with {@code ?wait=10s}, one at a time each (closed loop), so the
 * round trip covers: REST, durable queueing, MQTT delivery, the device's answer, its durable result and the wake-up
 * of the waiting request. Then the devices publish QoS 1 reported-state patches (4 unacknowledged each), each
 * acknowledged once stored.
 */
public final class CommandBenchmark {

    private static final byte[] RESULT = "{\"ok\":true,\"result\":{\"pong\":true}}".getBytes(StandardCharsets.UTF_8);

    private final Path serverJar;
    private final Suite suite;

    public CommandBenchmark(Path serverJar, Suite suite) {
        this.serverJar = serverJar;
        this.suite = suite;
    }

    public void run(Report report) throws InterruptedException {
        boolean full = suite == Suite.FULL;
        int devices = full ? 1_000 : 100;
        int threads = full ? 8 : 4;
        Duration warmup = Duration.ofSeconds(full ? 5 : 1);
        Duration measure = Duration.ofSeconds(full ? 20 : 3);
        try (BrokerProcess broker = BrokerProcess.millwright(
                        serverJar, List.of("-Xmx2g"), "", "mqtt:\n  max-connections: 100000\n");
                Fleet fleet = Fleet.create(RestApi.login(broker.httpPort()), broker.mqttPort(), "cmd", devices)) {
            RestApi api = RestApi.login(broker.httpPort());
            answerCommands(fleet);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicLong succeeded = new AtomicLong();
            AtomicLong otherwise = new AtomicLong();
            Recorder latency = new Recorder(3);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread caller = new Thread(
                        () -> {
                            while (running.get()) {
                                int i = ThreadLocalRandom.current().nextInt(fleet.size());
                                long start = System.nanoTime();
                                boolean ok;
                                try {
                                    RestApi.Answer a = api.command(
                                            fleet.members().get(i).device().id(), "ping");
                                    ok = a.status() == 200
                                            && "SUCCEEDED"
                                                    .equals(a.body()
                                                            .path("status")
                                                            .asText());
                                } catch (RuntimeException e) {
                                    ok = false;
                                }
                                if (measuring.get()) {
                                    if (ok) {
                                        succeeded.incrementAndGet();
                                        latency.recordValue((System.nanoTime() - start) / 1000);
                                    } else {
                                        otherwise.incrementAndGet();
                                    }
                                }
                            }
                        },
                        "bench-rest-" + t);
                caller.start();
                callers.add(caller);
            }
            Thread.sleep(warmup.toMillis());
            latency.reset();
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(measure.toMillis());
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            for (Thread caller : callers) {
                caller.join();
            }
            Histogram h = latency.getIntervalHistogram();

            long[] twin = twinPatches(fleet, warmup, measure);
            CommandResult r = new CommandResult(
                    devices,
                    threads,
                    succeeded.get(),
                    otherwise.get(),
                    succeeded.get() / seconds,
                    h.getValueAtPercentile(50),
                    h.getValueAtPercentile(99),
                    twin[0],
                    twin[1],
                    twin[0] / (twin[2] / 1e9));
            System.out.printf(
                    Locale.ROOT,
                    "commands %,d devices, %d REST callers: %,.0f commands/s, round trip p50 %,d us p99 %,d us, "
                            + "%,d not SUCCEEDED | twin %,.0f patches/s (%,d failed)%n",
                    devices,
                    threads,
                    r.commandsPerSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.otherwise(),
                    r.patchesPerSecond(),
                    r.twinFailed());
            report.commands(r);
        }
    }

    private static void answerCommands(Fleet fleet) {
        List<CompletableFuture<?>> subscriptions = new ArrayList<>();
        for (Fleet.Member m : fleet.members()) {
            subscriptions.add(m.client()
                    .subscribeWith()
                    .topicFilter("devices/" + m.device().name() + "/commands/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(command -> m.client()
                            .publishWith()
                            .topic(command.getTopic() + "/result")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(RESULT)
                            .send())
                    .send());
        }
        CompletableFuture.allOf(subscriptions.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
    }

    /** Closed loop of reported patches; returns {acknowledged, failed, window nanos}. */
    private static long[] twinPatches(Fleet fleet, Duration warmup, Duration measure) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        for (Fleet.Member m : fleet.members()) {
            String topic = "devices/" + m.device().name() + "/twin/reported";
            AtomicLong sequence = new AtomicLong();
            for (int w = 0; w < 4; w++) {
                new Runnable() {
                    @Override
                    public void run() {
                        byte[] patch =
                                ("{\"counter\":" + sequence.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
                        inFlight.incrementAndGet();
                        m.client()
                                .publishWith()
                                .topic(topic)
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .payload(patch)
                                .send()
                                .whenComplete((result, error) -> {
                                    boolean ok = error == null && acknowledged(result);
                                    if (measuring.get()) {
                                        (ok ? acked : failed).incrementAndGet();
                                    }
                                    inFlight.decrementAndGet();
                                    if (running.get()) {
                                        run();
                                    }
                                });
                    }
                }.run();
            }
        }
        Thread.sleep(warmup.toMillis());
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        running.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new long[] {acked.get(), failed.get(), elapsed};
    }

    private static boolean acknowledged(Mqtt5PublishResult result) {
        return result.getError().isEmpty()
                && (!(result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1)
                        || !qos1.getPubAck().getReasonCode().isError());
    }
}
