package io.millwright.http.testing;

import io.millwright.core.common.Page;
import io.millwright.core.device.Device;
import io.millwright.core.device.DeviceQuery;
import io.millwright.core.device.DeviceStore;
import io.millwright.core.error.ConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DeviceStore} in memory. One lock guards both maps so that name uniqueness (per tenant) and digest
 * uniqueness (global) hold together; listings are in name order with the last name as cursor.
 */
public final class InMemoryDeviceStore implements DeviceStore {

    private record Entry(Device device, String digest) {}

    private final Map<String, Entry> byId = new HashMap<>();

    @Override
    public synchronized void create(Device device, String tokenDigest) {
        if (findByName(device.tenantId(), device.name()).isPresent()) {
            throw new ConflictException("a device named '" + device.name() + "' already exists");
        }
        if (findByTokenDigest(tokenDigest).isPresent()) {
            throw new ConflictException("duplicate token digest");
        }
        byId.put(device.id(), new Entry(device, tokenDigest));
    }

    @Override
    public synchronized Optional<Device> findById(String tenantId, String id) {
        return Optional.ofNullable(byId.get(id))
                .map(Entry::device)
                .filter(d -> d.tenantId().equals(tenantId));
    }

    @Override
    public synchronized Optional<Device> findByName(String tenantId, String name) {
        return byId.values().stream()
                .map(Entry::device)
                .filter(d -> d.tenantId().equals(tenantId) && d.name().equals(name))
                .findFirst();
    }

    @Override
    public synchronized Optional<Device> findByTokenDigest(String tokenDigest) {
        return byId.values().stream()
                .filter(e -> e.digest().equals(tokenDigest))
                .map(Entry::device)
                .findFirst();
    }

    @Override
    public synchronized Page<Device> find(DeviceQuery q) {
        List<Device> matching = byId.values().stream()
                .map(Entry::device)
                .filter(d -> d.tenantId().equals(q.tenantId()))
                .filter(d -> q.namePrefix() == null || d.name().startsWith(q.namePrefix()))
                .filter(d -> q.type() == null || q.type().equals(d.type()))
                .filter(d -> d.labels().entrySet().containsAll(q.labels().entrySet()))
                .filter(d -> q.after() == null || d.name().compareTo(q.after()) > 0)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .limit(q.limit() + 1L)
                .toList();
        if (matching.size() <= q.limit()) {
            return new Page<>(matching, null);
        }
        List<Device> page = new ArrayList<>(matching.subList(0, q.limit()));
        return new Page<>(page, page.get(page.size() - 1).name());
    }

    @Override
    public synchronized boolean update(Device device) {
        Entry entry = byId.get(device.id());
        if (entry == null || !entry.device().tenantId().equals(device.tenantId())) {
            return false;
        }
        byId.put(device.id(), new Entry(device, entry.digest()));
        return true;
    }

    @Override
    public synchronized boolean updateTokenDigest(String tenantId, String id, String tokenDigest) {
        Entry entry = byId.get(id);
        if (entry == null || !entry.device().tenantId().equals(tenantId)) {
            return false;
        }
        byId.put(id, new Entry(entry.device(), tokenDigest));
        return true;
    }

    @Override
    public synchronized boolean delete(String tenantId, String id) {
        Entry entry = byId.get(id);
        if (entry == null || !entry.device().tenantId().equals(tenantId)) {
            return false;
        }
        byId.remove(id);
        return true;
    }

    /** How many devices are stored in all tenants; for state-unchanged assertions. */
    public synchronized int size() {
        return byId.size();
    }
}
