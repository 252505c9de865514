package io.millwright.store.sqlite.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.telemetry.TelemetryValue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

    @Test
    void every_kind_and_irregular_times_survive_a_round_trip() {
        Random random = new Random(7);
        PointColumns points = new PointColumns(0);
        long time = -5_000_000;
        for (int i = 0; i < 5000; i++) {
            time += switch (i % 5) {
                case 0 -> 1_000_000;
                case 1 -> 1;
                case 2 -> random.nextInt(1 << 30) + 1L;
                default -> 1_000_000 + random.nextInt(3);
            };
            TelemetryValue value = switch (random.nextInt(8)) {
                case 0 -> new TelemetryValue.LongValue(random.nextLong());
                case 1 -> new TelemetryValue.LongValue(random.nextInt(10));
                case 2 -> new TelemetryValue.DoubleValue(random.nextDouble() * 1e6);
                case 3 -> new TelemetryValue.DoubleValue(-0.0);
                case 4 -> TelemetryValue.BooleanValue.of(random.nextBoolean());
                case 5 -> new TelemetryValue.StringValue(i % 2 == 0 ? "eco ✓" : "");
                case 6 -> new TelemetryValue.JsonValue("{\"i\":" + i + "}");
                default -> new TelemetryValue.DoubleValue(Double.MAX_VALUE);
            };
            points.add(time, value);
            if (i % 3 == 0) {
                points.add(time, value);
            }
        }

        byte[] data = BlockCodec.encode(points, 0, points.size());
        PointColumns decoded = new PointColumns(0);
        BlockCodec.decode(data, decoded);

        assertThat(decoded.size()).isEqualTo(points.size());
        for (int i = 0; i < points.size(); i++) {
            assertThat(decoded.time(i)).isEqualTo(points.time(i));
            assertThat(decoded.value(i)).isEqualTo(points.value(i));
        }
    }

    @Test
    void regular_slowly_changing_series_take_few_bytes_per_point() {
        PointColumns points = new PointColumns(0);
        for (int i = 0; i < 3600; i++) {
            points.add(1_700_000_000_000_000L + i * 1_000_000L, new TelemetryValue.DoubleValue(20 + (i / 60) * 0.25));
        }
        byte[] data = BlockCodec.encode(points, 0, points.size());
        assertThat(data.length).isLessThan(3600 * 3);
    }

    @Test
    void normalizing_keeps_the_last_written_point_of_each_time() {
        PointColumns points = new PointColumns(0);
        points.add(30, new TelemetryValue.LongValue(1));
        points.add(10, new TelemetryValue.LongValue(2));
        points.add(30, new TelemetryValue.LongValue(3));
        points.add(20, new TelemetryValue.LongValue(4));
        points.add(10, new TelemetryValue.LongValue(5));
        points.normalize();
        assertThat(points.size()).isEqualTo(3);
        assertThat(points.value(0)).isEqualTo(new TelemetryValue.LongValue(5));
        assertThat(points.value(1)).isEqualTo(new TelemetryValue.LongValue(4));
        assertThat(points.value(2)).isEqualTo(new TelemetryValue.LongValue(3));
    }
}
