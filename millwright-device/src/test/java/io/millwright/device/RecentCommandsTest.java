package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentCommandsTest {

    @Test
    void a_new_id_runs_a_running_id_is_ignored_and_an_answered_id_is_answered_again() {
        RecentCommands recent = new RecentCommands(10);
        assertThat(recent.begin("c1")).isInstanceOf(RecentCommands.Run.class);
        assertThat(recent.begin("c1")).isInstanceOf(RecentCommands.Running.class);
        recent.answered("c1", new byte[] {'o', 'k'});
        assertThat(recent.begin("c1"))
                .isInstanceOfSatisfying(
                        RecentCommands.Answered.class,
                        a -> assertThat(a.answer()).containsExactly('o', 'k'));
    }

    @Test
    void memory_is_bounded_and_forgets_the_oldest_ids_first() {
        RecentCommands recent = new RecentCommands(3);
        for (int i = 0; i < 5; i++) {
            recent.begin("c" + i);
            recent.answered("c" + i, new byte[] {(byte) i});
        }
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.begin("c4")).isInstanceOf(RecentCommands.Answered.class);
        assertThat(recent.begin("c2")).isInstanceOf(RecentCommands.Answered.class);
        assertThat(recent.begin("c0")).isInstanceOf(RecentCommands.Run.class);
    }
}
