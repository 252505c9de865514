package io.millwright.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link Figure}s as PNG files with XChart, headless. Each panel is 640 x 460 pixels; a figure's panels stand
 * side by side. Colours are fixed per series position, so Millwright has the same colour in every chart.
 */
public final class Charts {

    static final int WIDTH = 640;
    static final int HEIGHT = 460;

    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
    };
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private Charts() {}

    /** Writes the figure to {@code dir/figure.file()}, creating the directory. */
    public static void write(Figure figure, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Figure.Panel panel : figure.panels()) {
            charts.add(panel.kind() == Figure.Kind.BARS ? bars(panel) : lines(panel));
        }
        try {
            Files.createDirectories(dir);
            String file = dir.resolve(figure.file()).toString();
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), file, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + figure.file(), e);
        }
    }

    private static CategoryChart bars(Figure.Panel panel) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(panel.title())
                .xAxisTitle(panel.xAxis())
                .yAxisTitle(panel.yAxis())
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(panel.logY());
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setOverlapped(false);
        int i = 0;
        for (Figure.Series s : panel.series()) {
            CategorySeries series = chart.addSeries(s.name(), panel.categories(), s.y());
            series.setFillColor(COLOURS[i++ % COLOURS.length]);
        }
        return chart;
    }

    private static XYChart lines(Figure.Panel panel) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(panel.title())
                .xAxisTitle(panel.xAxis())
                .yAxisTitle(panel.yAxis())
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(panel.logX());
        chart.getStyler().setYAxisLogarithmic(panel.logY());
        chart.getStyler().setYAxisMin(panel.logY() ? null : 0.0);
        int i = 0;
        for (Figure.Series s : panel.series()) {
            XYSeries series = chart.addSeries(s.name(), s.x(), s.y());
            Color colour = COLOURS[i++ % COLOURS.length];
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setMarker(SeriesMarkers.CIRCLE);
            if (s.dashed()) {
                series.setLineStyle(DASHED);
            }
        }
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setDecimalPattern("#,##0.##");
        styler.setAntiAlias(true);
    }
}
