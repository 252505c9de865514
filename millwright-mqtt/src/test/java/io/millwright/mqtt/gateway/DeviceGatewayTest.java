package io.millwright.mqtt.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.broker.MessageProperties;
import io.millwright.core.command.CommandLimits;
import io.millwright.core.command.CommandService;
import io.millwright.core.command.CommandStore;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.twin.Twin;
import io.millwright.core.twin.TwinLimits;
import io.millwright.core.twin.TwinService;
import io.millwright.core.twin.TwinStore;
import io.millwright.core.twin.connectivity.ConnectivityService;
import io.millwright.core.twin.connectivity.ConnectivityStore;
import io.millwright.mqtt.InboundPublish;
import io.millwright.mqtt.PublishOutcome;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptor side of the gateway, without a broker: what it takes, what it leaves, and how it sheds load. */
class DeviceGatewayTest {

    private static final Principal.Device PUMP = new Principal.Device("t", "d-pump", "pump-1");

    /** Twins in memory; every save waits for {@link #release}. */
    private static final class GatedTwinStore implements TwinStore {
        final Map<String, Twin> twins = new ConcurrentHashMap<>();
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public Optional<Twin> find(String tenantId, String deviceId) {
            return Optional.ofNullable(twins.get(deviceId));
        }

        @Override
        public boolean save(Twin twin, long expectedReportedVersion, long expectedDesiredVersion) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            twins.put(twin.deviceId(), twin);
            return true;
        }

        void release() {
            gate.countDown();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private final GatedTwinStore twinStore = new GatedTwinStore();
    private final DeviceGateway gateway = new DeviceGateway(
            new TwinService(twinStore, unused(DeviceStore.class), TwinLimits.DEFAULTS, Clock.systemUTC()),
            new CommandService(
                    unused(CommandStore.class), unused(DeviceStore.class), CommandLimits.DEFAULTS, Clock.systemUTC()),
            new ConnectivityService(unused(ConnectivityStore.class), unused(DeviceStore.class), Clock.systemUTC()),
            new GatewayConfig(1, 1));

    @AfterEach
    void close() {
        twinStore.release();
        gateway.close();
    }

    private static InboundPublish publish(Principal principal, String topic, String payload, int version) {
        return new InboundPublish(
                principal,
                "client-1",
                topic,
                payload.getBytes(StandardCharsets.UTF_8),
                1,
                false,
                MessageProperties.NONE,
                version);
    }

    private Optional<CompletionStage<PublishOutcome>> intercept(String topic, String payload, int version) {
        return gateway.intercept(publish(PUMP, topic, payload, version));
    }

    @Test
    void only_a_devices_own_api_topics_are_taken() {
        assertThat(intercept("devices/pump-1/status", "on", 5)).isEmpty();
        assertThat(intercept("devices/pump-1/telemetry", "{}", 5))
                .as("telemetry has no handler yet")
                .isEmpty();
        assertThat(intercept("devices/pump-2/twin/reported", "{}", 5)).isEmpty();
        Principal.User user = new Principal.User("t", "u", "alice", Role.ADMIN);
        assertThat(gateway.intercept(publish(user, "devices/pump-1/twin/reported", "{}", 5)))
                .isEmpty();
    }

    @Test
    void another_subsystem_can_take_a_kind() {
        List<DevicePublish> taken = new CopyOnWriteArrayList<>();
        gateway.handle(DeviceTopic.Kind.TELEMETRY, p -> {
            taken.add(p);
            return CompletableFuture.completedFuture(PublishOutcome.accepted());
        });
        assertThat(intercept("devices/pump-1/telemetry", "{\"t\":1}", 5)).isPresent();
        assertThat(taken).singleElement().satisfies(p -> {
            assertThat(p.device()).isEqualTo(PUMP);
            assertThat(p.text()).isEqualTo("{\"t\":1}");
        });
    }

    @Test
    void a_full_lane_refuses_with_quota_exceeded_on_v5_and_fails_on_v3() {
        CompletableFuture<PublishOutcome> running = intercept("devices/pump-1/twin/reported", "{\"a\":1}", 5)
                .orElseThrow()
                .toCompletableFuture();
        await().until(() -> twinStore.gate.getCount() == 1 && !running.isDone());
        CompletableFuture<PublishOutcome> queued = intercept("devices/pump-1/twin/reported", "{\"b\":2}", 5)
                .orElseThrow()
                .toCompletableFuture();
        CompletableFuture<PublishOutcome> refusedV5 = intercept("devices/pump-1/twin/reported", "{\"c\":3}", 5)
                .orElseThrow()
                .toCompletableFuture();
        CompletableFuture<PublishOutcome> refusedV3 = intercept("devices/pump-1/twin/reported", "{\"c\":3}", 4)
                .orElseThrow()
                .toCompletableFuture();

        await().until(refusedV5::isDone);
        assertThat(refusedV5.join().reasonCode()).isEqualTo(0x97);
        await().until(refusedV3::isDone);
        assertThat(refusedV3).isCompletedExceptionally();
        assertThat(running).isNotDone();

        twinStore.release();
        assertThat(running.join().reasonCode()).isZero();
        assertThat(queued.join().reasonCode()).isZero();
        assertThat(twinStore.twins.get("d-pump").reported().document().toString())
                .isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void a_malformed_report_is_refused_with_payload_format_invalid() {
        twinStore.release();
        PublishOutcome outcome = intercept("devices/pump-1/twin/reported", "{nope", 5)
                .orElseThrow()
                .toCompletableFuture()
                .join();
        assertThat(outcome.reasonCode()).isEqualTo(0x99);
        assertThat(twinStore.twins).isEmpty();
    }
}
