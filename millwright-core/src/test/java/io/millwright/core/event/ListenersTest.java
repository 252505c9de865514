package io.millwright.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void a_failing_listener_does_not_stop_the_others_and_closed_registrations_hear_nothing() {
        Listeners<String> listeners = new Listeners<>();
        List<String> heard = new ArrayList<>();
        listeners.add(e -> {
            throw new IllegalStateException("broken listener");
        });
        Listeners.Registration registration = listeners.add(heard::add);

        listeners.emit("first");
        registration.close();
        listeners.emit("second");

        assertThat(heard).containsExactly("first");
    }
}
