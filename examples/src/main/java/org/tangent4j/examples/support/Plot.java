package org.tangent4j.examples.support;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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
 * The one plot style of the examples: a 2-D line/scatter plot rendered to PNG with XChart.
 * Examples build one per figure: {@code Plot.titled("...").axes("x", "y").line("name", xs, ys).savePng(path)}.
 *
 * <ul>
 *   <li>Legends sit below the plot in one row when the labels fit, else in one column inside a corner of the plot
 *       that the data leave empty, else in one column below the plot; they are left out when no series is named.</li>
 *   <li>{@link #angleAxis()}: an x axis of angles in radians gets ticks at multiples of pi/4, labelled in pi.</li>
 *   <li>{@link #widthColour(double)}: one colour per network width, the same in every example (black for the
 *       infinite-width limit, {@link #INFINITE_WIDTH}).</li>
 *   <li>Logarithmic axes refuse values that are not positive (naming the series) instead of drawing garbage.</li>
 *   <li>Ticks are XChart's "nice" numbers (1, 2, 5 times a power of ten), also when every series shares one equally
 *       spaced grid (where XChart would otherwise label grid points such as -3.142, -2.639).</li>
 * </ul>
 */
public final class Plot {

    /** How a series is drawn. */
    public enum Style { LINE, DASHED, POINTS, THIN }

    /** The colour of the infinite-width limit in every example. */
    public static final Color INFINITE_WIDTH = Color.BLACK;

    /** Anchors of the width colour map at widths 2^4, 2^6, ..., 2^14 (purple, blue, teal, green, orange, red). */
    private static final int[][] WIDTH_ANCHORS = {
        {118, 42, 131}, {33, 102, 172}, {0, 150, 150}, {77, 172, 38}, {230, 130, 0}, {200, 30, 30}};

    private record Series(String name, double[] x, double[] y, Style style, Color color) {
    }

    private final String title;
    private String xLabel = "x";
    private String yLabel = "y";
    private boolean logX;
    private boolean logY;
    private boolean angles;
    private double[] xLabelled;
    private final List<Series> series = new ArrayList<>();

    private Plot(String title) {
        this.title = title;
    }

    /** A new plot with a title. */
    public static Plot titled(String title) {
        return new Plot(title);
    }

    /**
     * The colour of width n, the same in every example: log2(n) mapped piecewise linearly through six anchors from
     * purple (n = 16) over blue (64), teal (256), green (1024), orange (4096) to red (16384), clamped outside.
     */
    public static Color widthColour(double n) {
        if (!(n > 0) || Double.isInfinite(n)) {
            return INFINITE_WIDTH;
        }
        double t = Math.min(Math.max((Math.log(n) / Math.log(2) - 4) / 2, 0), WIDTH_ANCHORS.length - 1);
        int i = Math.min((int) Math.floor(t), WIDTH_ANCHORS.length - 2);
        double f = t - i;
        int[] a = WIDTH_ANCHORS[i];
        int[] b = WIDTH_ANCHORS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
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

    /**
     * Labels exactly these x values (e.g. the training-set sizes of a learning curve) on a logarithmic x axis, where
     * XChart labels only the powers of ten: its labels are hidden (the grid keeps its lines at 1..9 x 10^k) and each
     * value is written below the plot at its place on the axis, in XChart's tick-label font.
     */
    public Plot xLabelsAt(double... values) {
        xLabelled = values.clone();
        return this;
    }

    /** Logarithmic y axis. */
    public Plot logY() {
        logY = true;
        return this;
    }

    /** The x values are angles in radians: ticks at multiples of pi/4 (or pi/2 when crowded), labelled in pi. */
    public Plot angleAxis() {
        angles = true;
        return this;
    }

    /** Adds a series; {@code color} may be null for XChart's palette; an empty name keeps it out of the legend. */
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

    /**
     * The tick label of x = k pi/4 in units of pi ("0", "pi/4", "-3pi/4", "pi", "2pi"), k given in quarters of pi;
     * a value that is not a multiple of pi/4 is printed in decimals of pi.
     */
    static String piLabel(double quarters) {
        long k = Math.round(quarters);
        if (Math.abs(quarters - k) > 1e-9) {
            return String.format("%.3gπ", quarters / 4);
        }
        if (k == 0) {
            return "0";
        }
        long g = gcd(Math.abs(k), 4);
        long num = k / g;
        long den = 4 / g;
        String n = num == 1 ? "π" : num == -1 ? "-π" : num + "π";
        return den == 1 ? n : n + "/" + den;
    }

    /** A tick label: at most 6 significant digits, without trailing zeros (1000, 60000, 0.25). */
    static String tickLabel(double v) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }

    /**
     * Writes the {@link #xLabelsAt} values into the (hidden) x tick-label row of a painted chart: centred at the
     * value's place on the axis, at XChart's tick-label offset below the plot surface, whose bottom edge lies
     * (1 - c) / (2 c) plot-content heights below the lowest y value (c = the styler's plot content size).
     */
    private void drawXLabels(XYChart chart, BufferedImage image, Color colour) {
        double[] yr = range(false);
        double lo = logY ? Math.exp(yr[0]) : yr[0];
        double hi = logY ? Math.exp(yr[1]) : yr[1];
        double bottom = chart.getScreenYFromChart(lo);
        double top = chart.getScreenYFromChart(hi);
        double c = chart.getStyler().getPlotContentSize();
        double surfaceBottom = hi > lo ? bottom + (bottom - top) * (1 - c) / (2 * c) : bottom;
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(chart.getStyler().getAxisTickLabelsFont());
            g.setColor(colour);
            FontMetrics fm = g.getFontMetrics();
            float baseline = (float) (surfaceBottom + chart.getStyler().getAxisTickMarkLength()
                    + chart.getStyler().getAxisTickPadding() + fm.getAscent());
            for (double v : xLabelled) {
                String label = tickLabel(v);
                g.drawString(label, (float) (chart.getScreenXFromChart(v) - fm.stringWidth(label) / 2.0), baseline);
            }
        } finally {
            g.dispose();
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Writes the plot as a PNG (the ".png" suffix is added when missing); creates parent folders. */
    public Path savePng(Path file) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler st = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendBorderColor(new Color(200, 200, 200));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setLegendPadding(6);
        st.setAntiAlias(true);
        chart.getStyler().setXAxisDecimalPattern("#.###");
        chart.getStyler().setYAxisDecimalPattern(logY ? "0.##E0" : "#.####");
        if (angles) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(Plot::piLabel);
        }
        boolean ownXLabels = xLabelled != null && logX && !series.isEmpty();
        Color tickLabels = chart.getStyler().getAxisTickLabelsColor();
        if (ownXLabels) {
            chart.getStyler().setXAxisTickLabelsColor(new Color(0, 0, 0, 0)); // the row stays, its labels are drawn below
        }
        int legendChars = 0;
        int named = 0;
        int longestName = 0;
        for (Series s : series) {
            if (s.name() != null && !s.name().isEmpty()) {
                named++;
                legendChars += s.name().length();
                longestName = Math.max(longestName, s.name().length());
            }
        }
        // about 7 px per character and 40 px per entry (line sample and gaps) at 12 pt: one row below the plot when it
        // fits, else one column inside a corner of the plot that the data leave empty, else one column below the plot
        boolean oneRow = legendChars * 7 + named * 40 < 860;
        int unnamed = 0;
        // points are drawn last, on top of the lines, and listed last in the legend (XChart's one-row legend lets the
        // entry after a marker-only entry overlap its label)
        List<Series> ordered = new ArrayList<>();
        series.stream().filter(s -> s.style() != Style.POINTS).forEach(ordered::add);
        series.stream().filter(s -> s.style() == Style.POINTS).forEach(ordered::add);
        for (Series s : ordered) {
            String name = s.name();
            boolean inLegend = name != null && !name.isEmpty();
            if (!inLegend) {
                // XChart needs unique names; unnamed series are kept out of the legend.
                name = " ".repeat(++unnamed);
            }
            checkLogValues(s);
            double[] x = s.x();
            if (angles) {
                x = x.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 4 / Math.PI; // quarters of pi: XChart's 1-2-5 ticks land on multiples of pi/4
                }
            }
            XYSeries xy = chart.addSeries(name, x, s.y());
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
            xy.setShowInLegend(inLegend);
        }
        breakEqualSpacing(chart, unnamed);
        chart.getStyler().setLegendVisible(named > 0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(oneRow ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
        if (!oneRow) {
            Styler.LegendPosition corner = emptiestCorner(longestName, named);
            if (corner != null) {
                chart.getStyler().setLegendPosition(corner);
            }
        }
        Path target = file.toString().endsWith(".png") ? file : Path.of(file + ".png");
        try {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            if (ownXLabels) {
                BufferedImage image = BitmapEncoder.getBufferedImage(chart); // paints: the axes' scales are now set
                drawXLabels(chart, image, tickLabels);
                javax.imageio.ImageIO.write(image, "png", target.toFile());
            } else {
                BitmapEncoder.saveBitmap(chart, target.toString(), BitmapEncoder.BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * The inside corner whose legend box (about (7 chars + 60) x (19 entries + 12) pixels of a ~800 x 460 plot area)
     * covers no data point and no line segment (on the axes' own linear or logarithmic scale); null if there is none,
     * and the legend stays below the plot.
     */
    private Styler.LegendPosition emptiestCorner(int longestName, int entries) {
        double boxW = Math.min(1, (7.0 * longestName + 60) / 800);
        double boxH = Math.min(1, (19.0 * entries + 12) / 460);
        double[] xr = range(true);
        double[] yr = range(false);
        Styler.LegendPosition[] corners = {Styler.LegendPosition.InsideNE, Styler.LegendPosition.InsideNW,
            Styler.LegendPosition.InsideSE, Styler.LegendPosition.InsideSW};
        Styler.LegendPosition best = null;
        long fewest = 1; // only a corner the data leave empty
        for (Styler.LegendPosition c : corners) {
            boolean east = c == Styler.LegendPosition.InsideNE || c == Styler.LegendPosition.InsideSE;
            boolean north = c == Styler.LegendPosition.InsideNE || c == Styler.LegendPosition.InsideNW;
            long inside = 0;
            for (Series s : series) {
                // points, and for lines 16 points along every segment (a line can cross a corner between its points)
                int between = s.style() == Style.POINTS ? 1 : 16;
                for (int i = 0; i < s.x().length; i++) {
                    double u0 = scaled(s.x()[i], xr, logX);
                    double v0 = scaled(s.y()[i], yr, logY);
                    int next = Math.min(i + 1, s.x().length - 1);
                    double u1 = scaled(s.x()[next], xr, logX);
                    double v1 = scaled(s.y()[next], yr, logY);
                    for (int k = 0; k < (next == i ? 1 : between); k++) {
                        double u = u0 + (u1 - u0) * k / between;
                        double v = v0 + (v1 - v0) * k / between;
                        boolean inX = east ? u > 1 - boxW : u < boxW;
                        boolean inY = north ? v > 1 - boxH : v < boxH;
                        if (inX && inY) {
                            inside++;
                        }
                    }
                }
            }
            if (inside < fewest) {
                fewest = inside;
                best = c;
            }
        }
        return best;
    }

    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean log = xAxis ? logX : logY;
        for (Series s : series) {
            for (double v : xAxis ? s.x() : s.y()) {
                double w = log ? Math.log(v) : v;
                if (Double.isFinite(w)) {
                    lo = Math.min(lo, w);
                    hi = Math.max(hi, w);
                }
            }
        }
        return new double[] {lo, hi};
    }

    private static double scaled(double v, double[] range, boolean log) {
        double w = log ? Math.log(v) : v;
        return range[1] > range[0] ? (w - range[0]) / (range[1] - range[0]) : 0.5;
    }

    private void checkLogValues(Series s) {
        for (int i = 0; i < s.x().length; i++) {
            if ((logX && !(s.x()[i] > 0)) || (logY && !(s.y()[i] > 0))) {
                throw new IllegalArgumentException("series '" + s.name() + "' of plot '" + title + "' has the point ("
                        + s.x()[i] + ", " + s.y()[i] + ") on a logarithmic axis: expected positive values");
            }
        }
    }

    /**
     * XChart labels the grid points themselves when the x values of all series form one equally spaced grid; one
     * invisible point between the first two grid points (at the first point's height, so no axis range changes)
     * makes it choose nice ticks instead.
     */
    private void breakEqualSpacing(XYChart chart, int unnamed) {
        if (logX || series.isEmpty() || series.get(0).x().length < 2) {
            return;
        }
        Series first = series.get(0);
        double scale = angles ? 4 / Math.PI : 1;
        double x = scale * (first.x()[0] + 0.3819660112501051 * (first.x()[1] - first.x()[0]));
        XYSeries anchor = chart.addSeries(" ".repeat(unnamed + 1), new double[] {x}, new double[] {first.y()[0]});
        anchor.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineColor(new Color(0, 0, 0, 0));
        anchor.setShowInLegend(false);
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }
}
