package io.millwright.core.auth;

import java.util.List;
import java.util.Optional;

/** Persistence of user accounts. Implementations are thread-safe. */
public interface UserStore {

    /**
     * Stores a new user.
     *
     * @throws io.millwright.core.error.ConflictException if the username is taken
     */
    void create(User user);

    Optional<User> findByUsername(String username);

    Optional<User> findById(String tenantId, String id);

    List<User> list(String tenantId);
}
