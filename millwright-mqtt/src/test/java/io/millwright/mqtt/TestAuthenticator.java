package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import io.millwright.core.auth.Role;
import io.millwright.core.device.TopicGrant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link ClientAuthenticator}: usernames with passwords, each mapped to a principal and grants. */
final class TestAuthenticator implements ClientAuthenticator {

    static final String PASSWORD = "secret";

    private record Account(String password, Principal principal, List<TopicGrant> grants) {}

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    final List<String> calledOnThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    TestAuthenticator() {
        user("alice", "tenant-a");
        user("alice2", "tenant-a");
        user("bob", "tenant-b");
        device("pump-1", "tenant-a");
        device("pump-2", "tenant-a");
    }

    TestAuthenticator user(String name, String tenant) {
        accounts.put(
                name, new Account(PASSWORD, new Principal.User(tenant, "u-" + name, name, Role.OPERATOR), List.of()));
        return this;
    }

    TestAuthenticator device(String name, String tenant, TopicGrant... grants) {
        accounts.put(name, new Account(PASSWORD, new Principal.Device(tenant, "d-" + name, name), List.of(grants)));
        return this;
    }

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        calledOnThreads.add(Thread.currentThread().getName());
        Account account = accounts.get(request.username());
        byte[] password = request.password();
        if (account == null
                || password == null
                || !account.password().equals(new String(password, StandardCharsets.UTF_8))) {
            return CompletableFuture.completedFuture(AuthResult.badCredentials("unknown user or wrong password"));
        }
        return CompletableFuture.completedFuture(new AuthResult.Success(account.principal(), account.grants()));
    }
}
