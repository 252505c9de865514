package io.millwright.device;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command ids a device saw recently, so a command delivered again (delivery is at least once) is not run again.
 * The answer of a finished command is kept, so a redelivery whose first answer was lost is answered again without
 * running the handler. Bounded: the oldest ids are forgotten first. Not thread-safe: used from the device loop only.
 */
final class RecentCommands {

    /** What to do with a command id. */
    sealed interface Decision permits Run, Running, Answered {}

    /** A new id: run the handler. */
    record Run() implements Decision {}

    /** The handler for this id is still running: ignore the redelivery. */
    record Running() implements Decision {}

    /** Already answered: publish this answer again. */
    record Answered(byte[] answer) implements Decision {}

    private static final byte[] RUNNING = new byte[0];

    private final Map<String, byte[]> answers;

    RecentCommands(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("command memory must be at least 1 (was " + capacity + ")");
        }
        this.answers = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Classifies a received id and, when it is new, remembers it as running. */
    Decision begin(String id) {
        byte[] answer = answers.get(id);
        if (answer == null) {
            answers.put(id, RUNNING);
            return new Run();
        }
        return answer == RUNNING ? new Running() : new Answered(answer);
    }

    /** Records the answer of a command that ran. */
    void answered(String id, byte[] answer) {
        answers.put(id, answer);
    }

    int size() {
        return answers.size();
    }
}
