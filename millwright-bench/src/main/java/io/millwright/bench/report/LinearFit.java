package io.millwright.bench.report;

import java.util.List;

/**
 * A least-squares straight line {@code y = intercept + slope * x}, used to extrapolate memory beyond the connections
 * a run could open: the slope is the cost of one more connection, the intercept what the broker holds without any.
 */
public record LinearFit(double intercept, double slope) {

    /** Fits the points; one point gives a line through the origin, none gives the zero line. */
    public static LinearFit of(List<Double> xs, List<Double> ys) {
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException(xs.size() + " x for " + ys.size() + " y");
        }
        int n = xs.size();
        if (n == 0) {
            return new LinearFit(0, 0);
        }
        if (n == 1) {
            return new LinearFit(0, xs.get(0) == 0 ? 0 : ys.get(0) / xs.get(0));
        }
        double meanX = xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double meanY = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = xs.get(i) - meanX;
            sxy += dx * (ys.get(i) - meanY);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new LinearFit(meanY - slope * meanX, slope);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}
