package io.millwright.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of user bearer tokens, looked up by digest. Implementations are thread-safe. */
public interface TokenStore {

    void create(ApiToken token);

    Optional<ApiToken> findByDigest(String digest);

    List<ApiToken> list(String tenantId, String userId, ApiToken.Kind kind);

    /** Deletes the token if it belongs to the tenant; returns whether one was deleted. */
    boolean delete(String tenantId, String id);

    /** Deletes tokens whose expiry has passed; returns how many. */
    int deleteExpired(Instant now);
}
