package org.tangent4j.examples.support;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A small, immutable-by-construction description of a 2-D line/scatter plot, rendered to PNG with XChart.
 * Examples build one per figure: {@code Plot.titled("...").axes("x", "y").line("name", xs, ys).savePng(path)}.
 */
public final class Plot {

    /** How a series is drawn. */
    public enum Style { LINE, DASHED, POINTS, THIN }

    private record Series(String name, double[] x, double[] y, Style style, Color color) {
    }

    private final String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private boolean logX;
    private boolean logY;
    private final List<Series> series = new ArrayList<>();

    private Plot(String title) {
        this.title = title;
    }

    /** A new plot with a title. */
    public static Plot titled(String title) {
        return new Plot(title);
    }

    /** Axis labels. */
    public Plot axes(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    /** Logarithmic axes. */
    public Plot logLog() {
        logX = true;
        logY = true;
        return this;
    }

    /** Logarithmic x axis. */
    public Plot logX() {
        logX = true;
        return this;
    }

    /** Logarithmic y axis. */
    public Plot logY() {
        logY = true;
        return this;
    }

    /** Adds a series; {@code color} may be null for XChart's palette. */
    public Plot series(String name, double[] x, double[] y, Style style, Color color) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values but y has " + y.length);
        }
        series.add(new Series(name, x.clone(), y.clone(), style, color));
        return this;
    }

    /** Adds a solid line. */
    public Plot line(String name, double[] x, double[] y) {
        return series(name, x, y, Style.LINE, null);
    }

    /** Writes the plot as a PNG (the ".png" suffix is added when missing); creates parent folders. */
    public Path savePng(Path file) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler st = chart.getStyler();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        st.setAntiAlias(true);
        chart.getStyler().setXAxisDecimalPattern("#.###");
        chart.getStyler().setYAxisDecimalPattern(logY ? "0.0E0" : "#.####");
        int unnamed = 0;
        for (Series s : series) {
            String name = s.name();
            if (name == null || name.isEmpty()) {
                // XChart needs unique names; a leading space keeps unlabeled helper series out of sight in the legend.
                name = " ".repeat(++unnamed);
            }
            XYSeries xy = chart.addSeries(name, s.x(), s.y());
            switch (s.style()) {
                case LINE -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(new BasicStroke(2f));
                }
                case THIN -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(new BasicStroke(0.8f));
                }
                case DASHED -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
                }
                case POINTS -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    xy.setMarker(SeriesMarkers.CIRCLE);
                }
            }
            if (s.color() != null) {
                xy.setLineColor(s.color());
                xy.setMarkerColor(s.color());
            }
            if (s.name() == null || s.name().isEmpty()) {
                xy.setShowInLegend(false);
            }
        }
        Path target = file.toString().endsWith(".png") ? file : Path.of(file + ".png");
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            BitmapEncoder.saveBitmap(chart, target.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }
}
