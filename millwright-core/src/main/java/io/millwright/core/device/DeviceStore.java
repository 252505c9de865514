package io.millwright.core.device;

import io.millwright.core.common.Page;
import java.util.Optional;

/**
 * Persistence of the device registry. Device names are unique per tenant; token digests are unique globally (so a
 * token alone identifies its device, as the ThingsBoard device API requires). Implementations are thread-safe.
 */
public interface DeviceStore {

    /**
     * Stores a new device with the digest of its access token.
     *
     * @throws io.millwright.core.error.ConflictException if the tenant already has a device of that name
     */
    void create(Device device, String tokenDigest);

    Optional<Device> findById(String tenantId, String id);

    Optional<Device> findByName(String tenantId, String name);

    Optional<Device> findByTokenDigest(String tokenDigest);

    Page<Device> find(DeviceQuery query);

    /**
     * Replaces the mutable fields (type, labels, grants, updatedAt) of an existing device.
     *
     * @return whether the device existed
     */
    boolean update(Device device);

    /** Replaces the token digest; returns whether the device existed. */
    boolean updateTokenDigest(String tenantId, String id, String tokenDigest);

    /** Deletes the device; returns whether it existed. */
    boolean delete(String tenantId, String id);
}
