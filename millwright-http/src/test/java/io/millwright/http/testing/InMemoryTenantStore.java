package io.millwright.http.testing;

import io.millwright.core.error.ConflictException;
import io.millwright.core.tenant.Tenant;
import io.millwright.core.tenant.TenantStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link TenantStore} in memory; tenant names are unique. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<String, Tenant> byId = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(Tenant tenant) {
        if (findByName(tenant.name()).isPresent()) {
            throw new ConflictException("a tenant named '" + tenant.name() + "' already exists");
        }
        byId.put(tenant.id(), tenant);
    }

    @Override
    public Optional<Tenant> findByName(String name) {
        return byId.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public Optional<Tenant> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Tenant> list() {
        return List.copyOf(byId.values());
    }
}
