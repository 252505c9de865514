package io.millwright.http.testing;

import io.millwright.core.auth.ApiToken;
import io.millwright.core.auth.TokenStore;
import io.millwright.core.error.ConflictException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link TokenStore} in memory, keyed by digest (unique). */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, ApiToken> byDigest = new ConcurrentHashMap<>();

    @Override
    public void create(ApiToken token) {
        if (byDigest.putIfAbsent(token.digest(), token) != null) {
            throw new ConflictException("duplicate token digest");
        }
    }

    @Override
    public Optional<ApiToken> findByDigest(String digest) {
        return Optional.ofNullable(byDigest.get(digest));
    }

    @Override
    public List<ApiToken> list(String tenantId, String userId, ApiToken.Kind kind) {
        return byDigest.values().stream()
                .filter(t -> t.tenantId().equals(tenantId) && t.userId().equals(userId) && t.kind() == kind)
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::id))
                .toList();
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return byDigest.values().removeIf(t -> t.tenantId().equals(tenantId) && t.id().equals(id));
    }

    @Override
    public int deleteExpired(Instant now) {
        int before = byDigest.size();
        byDigest.values().removeIf(t -> t.isExpired(now));
        return before - byDigest.size();
    }

    /** How many tokens of any kind are stored; for state-unchanged assertions. */
    public int size() {
        return byDigest.size();
    }
}
