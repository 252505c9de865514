package io.millwright.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, time-limited map from token digest to the principal it proved. It spares the store a lookup per request
 * and lets a reconnect storm of thousands of devices authenticate from memory. Entries never outlive the token's own
 * expiry. When full, the cache is cleared rather than evicting selectively: a cold cache costs only lookups.
 */
final class CredentialCache<P> {

    private record Entry<P>(P principal, Instant validUntil) {}

    private final ConcurrentHashMap<String, Entry<P>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final int maxEntries;

    CredentialCache(Duration ttl, Clock clock, int maxEntries) {
        this.ttl = ttl;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    P get(String digest) {
        Entry<P> entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (clock.instant().isBefore(entry.validUntil())) {
            return entry.principal();
        }
        entries.remove(digest, entry);
        return null;
    }

    void put(String digest, P principal, Instant tokenExpiry) {
        if (ttl.isZero()) {
            return;
        }
        Instant until = clock.instant().plus(ttl);
        if (tokenExpiry != null && tokenExpiry.isBefore(until)) {
            until = tokenExpiry;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(digest, new Entry<>(principal, until));
    }

    void invalidate(String digest) {
        entries.remove(digest);
    }

    void invalidateAll() {
        entries.clear();
    }
}
