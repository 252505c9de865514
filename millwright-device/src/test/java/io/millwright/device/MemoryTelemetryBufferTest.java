package io.millwright.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTelemetryBufferTest {

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> texts(List<TelemetryBuffer.Entry> entries) {
        return entries.stream()
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void entries_come_back_in_append_order_with_increasing_sequence_numbers() {
        MemoryTelemetryBuffer buffer = new MemoryTelemetryBuffer(10);
        long a = buffer.append(bytes("a"));
        long b = buffer.append(bytes("b"));
        long c = buffer.append(bytes("c"));
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat(texts(buffer.after(-1, 10))).containsExactly("a", "b", "c");
        assertThat(texts(buffer.after(a, 10))).containsExactly("b", "c");
        assertThat(texts(buffer.after(-1, 2))).containsExactly("a", "b");
    }

    @Test
    void a_full_buffer_drops_the_oldest_and_counts_it() {
        MemoryTelemetryBuffer buffer = new MemoryTelemetryBuffer(3);
        for (int i = 0; i < 5; i++) {
            buffer.append(bytes("m" + i));
        }
        assertThat(texts(buffer.after(-1, 10))).containsExactly("m2", "m3", "m4");
        assertThat(buffer.evicted()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.firstSeq()).isEqualTo(2);
    }

    @Test
    void removal_works_in_any_order_and_first_seq_follows() {
        MemoryTelemetryBuffer buffer = new MemoryTelemetryBuffer(10);
        long a = buffer.append(bytes("a"));
        long b = buffer.append(bytes("b"));
        long c = buffer.append(bytes("c"));
        assertThat(buffer.remove(b)).isTrue();
        assertThat(buffer.remove(b)).isFalse();
        assertThat(buffer.firstSeq()).isEqualTo(a);
        assertThat(buffer.remove(a)).isTrue();
        assertThat(buffer.firstSeq()).isEqualTo(c);
        assertThat(buffer.remove(c)).isTrue();
        assertThat(buffer.firstSeq()).isEqualTo(c + 1);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.payloadBytes()).isZero();
    }
}
