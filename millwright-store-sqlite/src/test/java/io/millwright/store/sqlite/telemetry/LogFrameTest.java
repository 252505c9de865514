package io.millwright.store.sqlite.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.telemetry.DeviceTelemetry;
import io.millwright.core.telemetry.TelemetryPoint;
import io.millwright.core.telemetry.TelemetryValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFrameTest {

    @Test
    void a_frame_gives_back_every_point_with_its_series_in_append_order() {
        List<TelemetryPoint> first = List.of(
                new TelemetryPoint("a", 1_700_000_000_000_001L, new TelemetryValue.LongValue(Long.MIN_VALUE)),
                new TelemetryPoint("b", 5, new TelemetryValue.DoubleValue(-0.1)),
                new TelemetryPoint("c", 1_700_000_000_000_001L, TelemetryValue.BooleanValue.TRUE));
        List<TelemetryPoint> second = List.of(
                new TelemetryPoint("d", 0, new TelemetryValue.StringValue("ü ✓")),
                new TelemetryPoint("e", Long.MAX_VALUE, new TelemetryValue.JsonValue("[1,{\"x\":null}]")));
        long[] ids = {1, 2, 3, Long.MAX_VALUE, 0};

        byte[] frame = LogFrame.encode(
                List.of(new DeviceTelemetry("t", "d1", first), new DeviceTelemetry("t", "d2", second)), ids, 5);

        List<Object> decoded = new ArrayList<>();
        LogFrame.decode(frame, (id, time, value) -> decoded.add(List.of(id, time, value)));
        assertThat(decoded)
                .containsExactly(
                        List.of(1L, first.get(0).timeMicros(), first.get(0).value()),
                        List.of(2L, 5L, first.get(1).value()),
                        List.of(3L, first.get(2).timeMicros(), first.get(2).value()),
                        List.of(Long.MAX_VALUE, 0L, second.get(0).value()),
                        List.of(0L, Long.MAX_VALUE, second.get(1).value()));
    }
}
