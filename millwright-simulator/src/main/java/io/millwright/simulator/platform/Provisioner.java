package io.millwright.simulator.platform;

import io.millwright.simulator.platform.PlatformClient.DeviceAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes sure the fleet's devices exist: {@code prefix + 0001 ... prefix + N}. Devices already registered are reused
 * with a rotated token (the registry shows a token only once); the others are created. Runs a few REST calls at a
 * time.
 */
public final class Provisioner {

    private static final int PARALLEL_CALLS = 8;

    /** The fleet's access, and how much of it already existed. */
    public record Fleet(List<DeviceAccess> devices, int created, int reused) {}

    private final PlatformClient client;

    public Provisioner(PlatformClient client) {
        this.client = client;
    }

    /** The device names of a fleet: zero-padded to at least four digits so they sort. */
    public static List<String> names(String prefix, int count) {
        int width = Math.max(4, String.valueOf(count).length());
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(prefix + String.format("%0" + width + "d", i));
        }
        return names;
    }

    public Fleet provision(String prefix, int count, String type, Map<String, String> labels) throws SetupException {
        Map<String, String> existing = client.devicesNamed(prefix);
        List<String> names = names(prefix, count);
        ExecutorService calls = Executors.newFixedThreadPool(PARALLEL_CALLS);
        try {
            List<Future<DeviceAccess>> pending = new ArrayList<>(count);
            for (String name : names) {
                String id = existing.get(name);
                pending.add(
                        calls.submit(() -> id == null ? client.create(name, type, labels) : client.rotate(id, name)));
            }
            List<DeviceAccess> devices = new ArrayList<>(count);
            for (Future<DeviceAccess> future : pending) {
                devices.add(future.get());
            }
            int reused = (int) names.stream().filter(existing::containsKey).count();
            return new Fleet(devices, count - reused, reused);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SetupException setup) {
                throw setup;
            }
            throw new SetupException("provisioning failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("provisioning was interrupted", e);
        } finally {
            calls.shutdownNow();
        }
    }
}
