package io.millwright.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.Ids;
import io.millwright.core.auth.ApiToken;
import io.millwright.core.auth.Role;
import io.millwright.core.auth.TokenStore;
import io.millwright.core.auth.User;
import io.millwright.core.auth.UserStore;
import io.millwright.core.common.Page;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.device.TopicGrant;
import io.millwright.core.error.ConflictException;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every backend of the registry stores (tenants, users, tokens, devices) must pass. A backend's test
 * extends this class and supplies fresh, empty stores.
 */
public abstract class RegistryStoreContract {

    /** Opens fresh, empty stores; called before each test. */
    protected abstract void openStores();

    protected abstract TenantStore tenants();

    protected abstract UserStore users();

    protected abstract TokenStore tokens();

    protected abstract DeviceStore devices();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private Tenant tenant;
    private Tenant other;

    @BeforeEach
    void createTenants() {
        openStores();
        tenant = new Tenant(Ids.newId(), "t-" + Ids.newId(), now);
        other = new Tenant(Ids.newId(), "o-" + Ids.newId(), now);
        tenants().create(tenant);
        tenants().create(other);
    }

    @Test
    void tenants_are_found_by_name_and_id() {
        assertThat(tenants().findByName(tenant.name())).contains(tenant);
        assertThat(tenants().findById(other.id())).contains(other);
        assertThat(tenants().findByName("missing")).isEmpty();
    }

    @Test
    void usernames_are_unique_across_tenants() {
        User alice = user(tenant, "alice");
        users().create(alice);
        assertThat(users().findByUsername("alice")).contains(alice);
        assertThat(users().findById(tenant.id(), alice.id())).contains(alice);
        assertThat(users().findById(other.id(), alice.id())).isEmpty();
        assertThatThrownBy(() -> users().create(user(other, "alice"))).isInstanceOf(ConflictException.class);
    }

    @Test
    void tokens_are_found_by_digest_listed_and_deleted_per_tenant() {
        User bob = user(tenant, "bob-" + Ids.newId().substring(0, 8));
        users().create(bob);
        ApiToken forever = token(bob, "ci", ApiToken.Kind.API, null);
        ApiToken expired = token(bob, "old", ApiToken.Kind.API, now.minusSeconds(1));
        ApiToken session = token(bob, "login", ApiToken.Kind.SESSION, now.plusSeconds(3600));
        tokens().create(forever);
        tokens().create(expired);
        tokens().create(session);

        assertThat(tokens().findByDigest(forever.digest())).contains(forever);
        assertThat(tokens().list(tenant.id(), bob.id(), ApiToken.Kind.API)).containsExactlyInAnyOrder(forever, expired);
        assertThat(tokens().delete(other.id(), forever.id())).isFalse();
        assertThat(tokens().deleteExpired(now)).isEqualTo(1);
        assertThat(tokens().findByDigest(expired.digest())).isEmpty();
        assertThat(tokens().delete(tenant.id(), forever.id())).isTrue();
        assertThat(tokens().findByDigest(forever.digest())).isEmpty();
        assertThat(tokens().findByDigest(session.digest())).contains(session);
    }

    @Test
    void device_names_are_unique_per_tenant_only() {
        Device pump = device(tenant, "pump-1", "pump", Map.of("site", "a"));
        devices().create(pump, "digest-" + pump.id());
        devices().create(device(other, "pump-1", "pump", Map.of()), "digest-other-" + pump.id());
        assertThatThrownBy(() -> devices().create(device(tenant, "pump-1", null, Map.of()), "d-" + Ids.newId()))
                .isInstanceOf(ConflictException.class);
        assertThat(devices().findByName(tenant.id(), "pump-1")).contains(pump);
        assertThat(devices().findById(tenant.id(), pump.id())).contains(pump);
        assertThat(devices().findById(other.id(), pump.id())).isEmpty();
        assertThat(devices().findByTokenDigest("digest-" + pump.id())).contains(pump);
    }

    @Test
    void devices_are_filtered_and_paged_in_name_order() {
        for (int i = 0; i < 7; i++) {
            String type = i % 2 == 0 ? "pump" : "valve";
            devices().create(device(tenant, "dev-" + i, type, Map.of("line", i < 4 ? "1" : "2")), "x-" + Ids.newId());
        }
        devices().create(device(tenant, "other", "pump", Map.of()), "x-" + Ids.newId());

        Page<Device> first = devices().find(new DeviceQuery(tenant.id(), "dev-", null, Map.of(), null, 3));
        assertThat(first.items()).extracting(Device::name).containsExactly("dev-0", "dev-1", "dev-2");
        Page<Device> last = devices().find(new DeviceQuery(tenant.id(), "dev-", null, Map.of(), first.next(), 5));
        assertThat(last.items()).extracting(Device::name).containsExactly("dev-3", "dev-4", "dev-5", "dev-6");
        assertThat(last.next()).isNull();

        Page<Device> pumpsOnLine2 =
                devices().find(new DeviceQuery(tenant.id(), null, "pump", Map.of("line", "2"), null, 100));
        assertThat(pumpsOnLine2.items()).extracting(Device::name).containsExactly("dev-4", "dev-6");
        assertThat(devices()
                        .find(new DeviceQuery(other.id(), null, null, Map.of(), null, 100))
                        .items())
                .isEmpty();
    }

    @Test
    void devices_are_updated_rotated_and_deleted() {
        Device valve = device(tenant, "valve-9", null, Map.of());
        devices().create(valve, "old-" + valve.id());
        Device changed = new Device(
                valve.id(),
                tenant.id(),
                valve.name(),
                "valve",
                Map.of("zone", "north"),
                List.of(new TopicGrant(TopicGrant.Action.SUBSCRIBE, "devices/sensor-7/telemetry")),
                valve.createdAt(),
                now.plusSeconds(5));
        assertThat(devices().update(changed)).isTrue();
        assertThat(devices().findById(tenant.id(), valve.id())).contains(changed);

        assertThat(devices().updateTokenDigest(tenant.id(), valve.id(), "new-" + valve.id()))
                .isTrue();
        assertThat(devices().findByTokenDigest("old-" + valve.id())).isEmpty();
        assertThat(devices().findByTokenDigest("new-" + valve.id())).isPresent();

        assertThat(devices().delete(other.id(), valve.id())).isFalse();
        assertThat(devices().delete(tenant.id(), valve.id())).isTrue();
        assertThat(devices().findById(tenant.id(), valve.id())).isEmpty();
        assertThat(devices().update(changed)).isFalse();
    }

    private User user(Tenant owner, String username) {
        return new User(Ids.newId(), owner.id(), username, "hash", Role.OPERATOR, now);
    }

    private ApiToken token(User owner, String name, ApiToken.Kind kind, Instant expiresAt) {
        return new ApiToken(
                Ids.newId(), owner.tenantId(), owner.id(), name, kind, "digest-" + Ids.newId(), now, expiresAt);
    }

    private Device device(Tenant owner, String name, String type, Map<String, String> labels) {
        return new Device(Ids.newId(), owner.id(), name, type, labels, List.of(), now, now);
    }
}
