package io.millwright.core.tenant;

import java.util.List;
import java.util.Optional;

/** Persistence of tenants. Implementations are thread-safe. */
public interface TenantStore {

    void create(Tenant tenant);

    Optional<Tenant> findByName(String name);

    Optional<Tenant> findById(String id);

    List<Tenant> list();
}
