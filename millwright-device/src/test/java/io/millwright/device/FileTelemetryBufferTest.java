package io.millwright.device;

import static io.millwright.device.MemoryTelemetryBufferTest.bytes;
import static io.millwright.device.MemoryTelemetryBufferTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTelemetryBufferTest {

    @TempDir
    Path dir;

    @Test
    void unacknowledged_messages_survive_a_reopen_in_order() {
        try (FileTelemetryBuffer buffer = FileTelemetryBuffer.open(dir, 100)) {
            for (int i = 0; i < 10; i++) {
                buffer.append(bytes("m" + i));
            }
            buffer.remove(buffer.firstSeq());
            buffer.remove(buffer.firstSeq());
            buffer.remove(buffer.firstSeq() + 3);
        }
        try (FileTelemetryBuffer reopened = FileTelemetryBuffer.open(dir, 100)) {
            assertThat(texts(reopened.after(-1, 100))).containsExactly("m2", "m3", "m4", "m6", "m7", "m8", "m9");
            long next = reopened.append(bytes("m10"));
            assertThat(next).isGreaterThan(reopened.after(-1, 100).get(5).seq());
        }
        try (FileTelemetryBuffer again = FileTelemetryBuffer.open(dir, 100)) {
            assertThat(texts(again.after(-1, 100))).endsWith("m9", "m10");
        }
    }

    @Test
    void overflow_evictions_are_journaled() {
        try (FileTelemetryBuffer buffer = FileTelemetryBuffer.open(dir, 3)) {
            for (int i = 0; i < 7; i++) {
                buffer.append(bytes("m" + i));
            }
            assertThat(buffer.evicted()).isEqualTo(4);
        }
        try (FileTelemetryBuffer reopened = FileTelemetryBuffer.open(dir, 3)) {
            assertThat(texts(reopened.after(-1, 10))).containsExactly("m4", "m5", "m6");
            assertThat(reopened.evicted()).isZero();
        }
    }

    @Test
    void a_torn_last_record_is_cut_off_and_the_rest_is_kept() throws IOException {
        try (FileTelemetryBuffer buffer = FileTelemetryBuffer.open(dir, 100)) {
            buffer.append(bytes("whole-1"));
            buffer.append(bytes("whole-2"));
        }
        Path journal = dir.resolve(FileTelemetryBuffer.JOURNAL);
        long intact = Files.size(journal);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 40, 'x'}));
        }
        try (FileTelemetryBuffer reopened = FileTelemetryBuffer.open(dir, 100)) {
            assertThat(texts(reopened.after(-1, 10))).containsExactly("whole-1", "whole-2");
            assertThat(reopened.journalBytes()).isEqualTo(intact);
            reopened.append(bytes("after-repair"));
        }
        try (FileTelemetryBuffer again = FileTelemetryBuffer.open(dir, 100)) {
            assertThat(texts(again.after(-1, 10))).containsExactly("whole-1", "whole-2", "after-repair");
        }
    }

    @Test
    void the_journal_is_compacted_when_mostly_acknowledged() {
        try (FileTelemetryBuffer buffer = FileTelemetryBuffer.open(dir, 10_000, 4_096)) {
            byte[] payload = new byte[100];
            for (int i = 0; i < 200; i++) {
                buffer.append(payload);
            }
            long full = buffer.journalBytes();
            List<Long> live = new ArrayList<>();
            while (buffer.size() > 5) {
                buffer.remove(buffer.firstSeq());
            }
            buffer.after(-1, 10).forEach(e -> live.add(e.seq()));
            assertThat(buffer.journalBytes()).isLessThan(full / 4);
            buffer.append(bytes("tail"));
            live.add(buffer.after(live.get(4), 1).get(0).seq());
            assertThat(buffer.after(-1, 10))
                    .extracting(TelemetryBuffer.Entry::seq)
                    .containsExactlyElementsOf(live);
        }
        try (FileTelemetryBuffer reopened = FileTelemetryBuffer.open(dir, 10_000)) {
            assertThat(reopened.size()).isEqualTo(6);
            assertThat(texts(reopened.after(-1, 10))).last().isEqualTo("tail");
        }
    }

    @Test
    void a_directory_serves_one_buffer_at_a_time() {
        try (FileTelemetryBuffer first = FileTelemetryBuffer.open(dir, 10)) {
            assertThatThrownBy(() -> FileTelemetryBuffer.open(dir, 10))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("used by another device");
            first.append(bytes("x"));
        }
        try (FileTelemetryBuffer second = FileTelemetryBuffer.open(dir, 10)) {
            assertThat(second.size()).isEqualTo(1);
        }
    }
}
