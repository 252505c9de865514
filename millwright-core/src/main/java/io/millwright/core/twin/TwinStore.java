package io.millwright.core.twin;

import java.util.Optional;

/**
 * Persistence of twins. Writes are optimistic: {@link #save} succeeds only if the stored versions are still the ones
 * the caller read, so concurrent writers (threads or processes) can never overwrite each other's changes unseen.
 * Implementations are thread-safe, and a successful {@link #save} is durable when it returns. A twin disappears with
 * its device.
 */
public interface TwinStore {

    /** The stored twin, or empty if the device's twin was never written (callers treat that as {@link Twin#empty}). */
    Optional<Twin> find(String tenantId, String deviceId);

    /**
     * Stores {@code twin} if the stored twin still has both expected versions ({@code 0, 0} meaning "no twin stored").
     *
     * @return whether it was stored; {@code false} means another writer changed the twin first
     */
    boolean save(Twin twin, long expectedReportedVersion, long expectedDesiredVersion);
}
