package io.millwright.core.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list of listeners for one kind of event. Events are delivered synchronously on the thread that caused them, after
 * the change was committed, in registration order. A listener that throws is logged and skipped: the change it heard
 * about has already happened and the other listeners still hear it. Listeners must therefore be quick and must not
 * block (hand work to their own executor).
 */
public final class Listeners<E> {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<Consumer<? super E>> listeners = new CopyOnWriteArrayList<>();

    /** Unregisters a listener when closed. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Registers a listener; returns a handle that unregisters it. */
    public Registration add(Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void emit(E event) {
        for (Consumer<? super E> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener {} failed on {}", listener, event, e);
            }
        }
    }
}
