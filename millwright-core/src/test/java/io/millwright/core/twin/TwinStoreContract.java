package io.millwright.core.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link TwinStore} backend must pass. A backend's test supplies fresh, empty stores. */
public abstract class TwinStoreContract {

    /** Opens fresh, empty stores; called before each test. */
    protected abstract void openStores();

    protected abstract TenantStore tenants();

    protected abstract DeviceStore devices();

    protected abstract TwinStore twins();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private Tenant tenant;
    private Device device;

    @BeforeEach
    void createDevice() {
        openStores();
        DeviceFixtures fixtures = new DeviceFixtures(tenants(), devices());
        tenant = fixtures.tenant();
        device = fixtures.device(tenant, "pump-1");
    }

    private static ObjectNode json(String text) {
        return JsonDocuments.parseObject("test", text, 1 << 20);
    }

    private Twin twin(String reported, long reportedVersion, String desired, long desiredVersion) {
        return new Twin(
                tenant.id(),
                device.id(),
                new TwinSide(json(reported), reportedVersion, Map.of("t", now)),
                new TwinSide(json(desired), desiredVersion, Map.of("fan", now.plusSeconds(1))));
    }

    @Test
    void a_twin_never_written_is_absent() {
        assertThat(twins().find(tenant.id(), device.id())).isEmpty();
    }

    @Test
    void a_saved_twin_reads_back_equal() {
        Twin twin = twin("{\"t\":21.5,\"nested\":{\"a\":[1,\"x\",null]}}", 1, "{\"fan\":\"on\"}", 3);

        assertThat(twins().save(twin, 0, 0)).isTrue();

        assertThat(twins().find(tenant.id(), device.id())).contains(twin);
    }

    @Test
    void save_succeeds_only_with_the_stored_versions() {
        Twin first = twin("{\"t\":1}", 1, "{}", 0);
        assertThat(twins().save(first, 0, 0)).isTrue();
        Twin second = twin("{\"t\":2}", 2, "{}", 0);
        Twin rival = twin("{\"t\":3}", 1, "{\"fan\":\"on\"}", 1);

        assertThat(twins().save(twin("{\"t\":9}", 1, "{}", 0), 0, 0))
                .as("a writer that saw no twin")
                .isFalse();
        assertThat(twins().save(second, 1, 0)).isTrue();
        assertThat(twins().save(rival, 1, 0)).as("a writer that read version 1").isFalse();

        assertThat(twins().find(tenant.id(), device.id())).contains(second);
    }

    @Test
    void twins_are_scoped_to_their_tenant() {
        twins().save(twin("{\"t\":1}", 1, "{}", 0), 0, 0);

        Tenant other = new DeviceFixtures(tenants(), devices()).tenant();

        assertThat(twins().find(other.id(), device.id())).isEmpty();
    }

    @Test
    void a_twin_is_deleted_with_its_device() {
        twins().save(twin("{\"t\":1}", 1, "{}", 0), 0, 0);

        devices().delete(tenant.id(), device.id());

        assertThat(twins().find(tenant.id(), device.id())).isEmpty();
    }
}
