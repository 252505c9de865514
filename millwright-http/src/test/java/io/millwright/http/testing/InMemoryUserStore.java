package io.millwright.http.testing;

import io.millwright.core.auth.User;
import io.millwright.core.auth.UserStore;
import io.millwright.core.error.ConflictException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link UserStore} in memory; usernames are unique across tenants, as the contract requires. */
public final class InMemoryUserStore implements UserStore {

    private final Map<String, User> byUsername = new ConcurrentHashMap<>();

    @Override
    public void create(User user) {
        if (byUsername.putIfAbsent(user.username(), user) != null) {
            throw new ConflictException("a user named '" + user.username() + "' already exists");
        }
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    @Override
    public Optional<User> findById(String tenantId, String id) {
        return byUsername.values().stream()
                .filter(u -> u.tenantId().equals(tenantId) && u.id().equals(id))
                .findFirst();
    }

    @Override
    public List<User> list(String tenantId) {
        return byUsername.values().stream()
                .filter(u -> u.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(User::username))
                .toList();
    }
}
