package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    @Test
    void later_keys_win_objects_compose_and_removals_are_kept() {
        Map<String, Object> first = new HashMap<>();
        first.put("fan", Map.of("speed", 10, "mode", "auto"));
        first.put("firmware", "1.0");
        first.put("door", "open");
        Map<String, Object> second = new HashMap<>();
        second.put("fan", Map.of("speed", 80));
        second.put("firmware", "1.1");
        second.put("door", null);

        Map<String, Object> composed = MergePatch.compose(first, second);

        assertThat(composed).containsEntry("fan", Map.of("speed", 80, "mode", "auto"));
        assertThat(composed).containsEntry("firmware", "1.1");
        assertThat(composed).containsKey("door").containsEntry("door", null);
        assertThat(first).containsEntry("firmware", "1.0");
    }
}
