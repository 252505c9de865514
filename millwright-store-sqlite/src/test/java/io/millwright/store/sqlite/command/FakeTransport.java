package io.millwright.store.sqlite.command;

import io.millwright.core.command.Command;
import io.millwright.core.command.CommandTransport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport whose connections and acknowledgements the test controls. */
final class FakeTransport implements CommandTransport {

    /** One send: the command and the acknowledgement the test completes. */
    record Sent(Command command, CompletableFuture<Void> ack) {}

    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    void connect(String tenantId, String deviceName) {
        connected.add(tenantId + "/" + deviceName);
    }

    void disconnect(String tenantId, String deviceName) {
        connected.remove(tenantId + "/" + deviceName);
    }

    List<String> sentMethods() {
        return sent.stream().map(s -> s.command().method()).toList();
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public boolean isConnected(String tenantId, String deviceName) {
        return connected.contains(tenantId + "/" + deviceName);
    }

    @Override
    public CompletionStage<Void> send(Command command) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        sent.add(new Sent(command, ack));
        return ack;
    }
}
