package io.millwright.store.sqlite.telemetry;

/**
 * What a block holds, stored beside its data so that aggregations over whole blocks read only summaries.
 *
 * @param start time of the first point (epoch µs)
 * @param end time of the last point (epoch µs)
 * @param count points
 * @param numericCount numeric points, the ones {@code sum}, {@code min} and {@code max} cover
 * @param min {@link Double#NaN} when there is no numeric point (stored as NULL)
 * @param max {@link Double#NaN} when there is no numeric point (stored as NULL)
 */
record BlockSummary(long start, long end, int count, int numericCount, double sum, double min, double max) {

    /** Summarizes points {@code [from, to)} of normalized columns. */
    static BlockSummary of(PointColumns points, int from, int to) {
        int numeric = 0;
        double sum = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = from; i < to; i++) {
            if (points.isNumeric(i)) {
                double v = points.numeric(i);
                sum += v;
                min = numeric == 0 ? v : Math.min(min, v);
                max = numeric == 0 ? v : Math.max(max, v);
                numeric++;
            }
        }
        return new BlockSummary(points.time(from), points.time(to - 1), to - from, numeric, sum, min, max);
    }
}
