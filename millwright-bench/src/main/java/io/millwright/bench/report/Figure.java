package io.millwright.bench.report;

import java.util.List;

/**
 * One PNG of the report: one or more charts side by side, independent of the drawing library so that what is drawn
 * can be tested without drawing it.
 *
 * @param file file name inside the report's chart directory, e.g. {@code broker-throughput.png}
 * @param caption alternative text and the line under the image in the report
 * @param panels the charts, left to right
 */
public record Figure(String file, String caption, List<Panel> panels) {

    public Figure {
        if (!file.endsWith(".png")) {
            throw new IllegalArgumentException("a figure is a PNG file: " + file);
        }
        panels = List.copyOf(panels);
    }

    /** How a panel draws its series. */
    public enum Kind {
        /** Grouped bars, one group per category, one bar per series. */
        BARS,
        /** Lines with markers over a numeric x axis. */
        LINES
    }

    /**
     * One chart.
     *
     * @param categories the x labels of a bar chart (empty for lines)
     * @param logX a logarithmic x axis (lines only)
     * @param logY a logarithmic y axis
     */
    public record Panel(
            Kind kind,
            String title,
            String xAxis,
            String yAxis,
            List<String> categories,
            List<Series> series,
            boolean logX,
            boolean logY) {

        public Panel {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
            for (Series s : series) {
                if (kind == Kind.BARS && s.y().size() != categories.size()) {
                    throw new IllegalArgumentException("series " + s.name() + " has " + s.y().size() + " bars for "
                            + categories.size() + " categories");
                }
            }
        }

        static Panel bars(String title, String xAxis, String yAxis, List<String> categories, List<Series> series) {
            return new Panel(Kind.BARS, title, xAxis, yAxis, categories, series, false, false);
        }

        static Panel lines(String title, String xAxis, String yAxis, List<Series> series, boolean logX) {
            return new Panel(Kind.LINES, title, xAxis, yAxis, List.of(), series, logX, false);
        }
    }

    /**
     * Values of one series: for bars only {@code y} (one per category), for lines the points ({@code x}, {@code y}).
     *
     * @param dashed drawn dashed, for values that were not measured (extrapolations)
     */
    public record Series(String name, List<Double> x, List<Double> y, boolean dashed) {

        public Series {
            x = List.copyOf(x);
            y = List.copyOf(y);
            if (!x.isEmpty() && x.size() != y.size()) {
                throw new IllegalArgumentException("series " + name + ": " + x.size() + " x for " + y.size() + " y");
            }
        }

        static Series bars(String name, List<Double> y) {
            return new Series(name, List.of(), y, false);
        }

        static Series line(String name, List<Double> x, List<Double> y) {
            return new Series(name, x, y, false);
        }
    }
}
