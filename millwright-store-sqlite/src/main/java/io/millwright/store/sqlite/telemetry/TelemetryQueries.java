package io.millwright.store.sqlite.telemetry;

import io.millwright.core.telemetry.AggregateQuery;
import io.millwright.core.telemetry.Aggregation;
import io.millwright.core.telemetry.Bucket;
import io.millwright.core.telemetry.Order;
import io.millwright.core.telemetry.RawQuery;
import io.millwright.core.telemetry.TelemetryPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads of one series that merge the three places a point can be: blocks (oldest), the frozen and the active memtable
 * generation (newest). The newest copy of a point identity wins. Callers take the {@link MemTable.Generations}
 * snapshot before reading blocks, in one read transaction.
 */
final class TelemetryQueries {

    private final BlockStore blocks;

    TelemetryQueries(BlockStore blocks) {
        this.blocks = blocks;
    }

    /**
     * The first {@code wanted} points of a series in {@code [from, to]} in query order (or all there are), as stored
     * points of {@code key}.
     */
    List<TelemetryPoint> raw(
            Connection c,
            MemTable.Generations generations,
            long seriesId,
            String key,
            long from,
            long to,
            Order order,
            int wanted)
            throws SQLException {
        if (from > to) {
            return List.of();
        }
        boolean ascending = order == Order.ASC;
        PointColumns recent = generations.copy(seriesId, from, to);
        PointColumns stored = blocks.read(c, seriesId, from, to, ascending, wanted);
        PointColumns all = PointColumns.merge(stored, recent);
        int n = Math.min(wanted, all.size());
        List<TelemetryPoint> points = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = ascending ? k : all.size() - 1 - k;
            points.add(new TelemetryPoint(key, all.time(i), all.value(i)));
        }
        return points;
    }

    /** The order of raw results: (time, key), reversed for descending queries. */
    static Comparator<TelemetryPoint> order(Order order) {
        Comparator<TelemetryPoint> asc =
                Comparator.comparingLong(TelemetryPoint::timeMicros).thenComparing(TelemetryPoint::key);
        return order == Order.ASC ? asc : asc.reversed();
    }

    /** The bounds, inclusive, of one key's points after {@code position} in {@code order}, within the range. */
    static long[] bounds(RawQuery query, String key) {
        long from = query.range().fromMicros();
        long to = query.range().toMicros() - 1;
        RawQuery.Position position = query.position();
        if (position != null) {
            int c = key.compareTo(position.key());
            if (query.order() == Order.ASC) {
                from = Math.max(from, c > 0 ? position.timeMicros() : position.timeMicros() + 1);
            } else {
                to = Math.min(to, c < 0 ? position.timeMicros() : position.timeMicros() - 1);
            }
        }
        return new long[] {from, to};
    }

    /** The buckets of one series. */
    List<Bucket> aggregate(Connection c, MemTable.Generations generations, long seriesId, AggregateQuery query)
            throws SQLException {
        long from = query.range().fromMicros();
        long to = query.range().toMicros() - 1;
        long width = query.bucketMicros();
        long origin = query.originMicros();
        int buckets = (int) ((to - origin) / width) + 1;
        Accumulators acc = new Accumulators(buckets);
        PointColumns recent = generations.copy(seriesId, from, to);
        List<BlockSummary> summaries = blocks.summaries(c, seriesId, from, to);
        long[] decode = new long[summaries.size()];
        int toDecode = 0;
        for (BlockSummary block : summaries) {
            boolean whole = block.start() >= from
                    && block.end() <= to
                    && (block.start() - origin) / width == (block.end() - origin) / width
                    && !recent.anyIn(block.start(), block.end());
            if (whole) {
                acc.add((int) ((block.start() - origin) / width), block);
            } else {
                decode[toDecode++] = block.start();
            }
        }
        if (toDecode > 0) {
            boolean noRecent = recent.size() == 0;
            blocks.forEach(c, seriesId, from, to, Arrays.copyOf(decode, toDecode), (t, kind, bits, text) -> {
                if (t >= from && t <= to && (noRecent || !recent.anyIn(t, t))) {
                    acc.add((int) ((t - origin) / width), kind, bits);
                }
            });
        }
        for (int i = 0; i < recent.size(); i++) {
            acc.add((int) ((recent.time(i) - origin) / width), recent, i);
        }
        return acc.buckets(query.function(), origin, width);
    }

    /** Per-bucket count, numeric count, sum, min and max. */
    private static final class Accumulators {
        private final long[] count;
        private final long[] numeric;
        private final double[] sum;
        private final double[] min;
        private final double[] max;

        Accumulators(int buckets) {
            count = new long[buckets];
            numeric = new long[buckets];
            sum = new double[buckets];
            min = new double[buckets];
            max = new double[buckets];
        }

        void add(int b, BlockSummary block) {
            count[b] += block.count();
            if (block.numericCount() > 0) {
                addNumeric(b, block.numericCount(), block.sum(), block.min(), block.max());
            }
        }

        void add(int b, PointColumns points, int i) {
            add(b, points.kind(i), points.bits[i]);
        }

        void add(int b, int kind, long bits) {
            count[b]++;
            if (PointColumns.isNumericKind(kind)) {
                double v = PointColumns.numeric(kind, bits);
                addNumeric(b, 1, v, v, v);
            }
        }

        private void addNumeric(int b, long n, double s, double lo, double hi) {
            min[b] = numeric[b] == 0 ? lo : Math.min(min[b], lo);
            max[b] = numeric[b] == 0 ? hi : Math.max(max[b], hi);
            numeric[b] += n;
            sum[b] += s;
        }

        List<Bucket> buckets(Aggregation function, long from, long width) {
            List<Bucket> result = new ArrayList<>();
            for (int b = 0; b < count.length; b++) {
                long start = Math.floorDiv(from + b * width, 1000L);
                if (function == Aggregation.COUNT) {
                    if (count[b] > 0) {
                        result.add(new Bucket(start, count[b], count[b]));
                    }
                } else if (numeric[b] > 0) {
                    double value = switch (function) {
                        case AVG -> sum[b] / numeric[b];
                        case MIN -> min[b];
                        case MAX -> max[b];
                        case SUM -> sum[b];
                        case COUNT -> throw new IllegalStateException();
                    };
                    result.add(new Bucket(start, value, numeric[b]));
                }
            }
            return result;
        }
    }
}
