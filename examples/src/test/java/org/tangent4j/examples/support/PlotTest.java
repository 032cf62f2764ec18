package org.tangent4j.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {

    @Test
    void angleTicksAreLabelledInPi() {
        assertThat(Plot.piLabel(0)).isEqualTo("0");
        assertThat(Plot.piLabel(1)).isEqualTo("π/4");
        assertThat(Plot.piLabel(-2)).isEqualTo("-π/2");
        assertThat(Plot.piLabel(-3)).isEqualTo("-3π/4");
        assertThat(Plot.piLabel(4)).isEqualTo("π");
        assertThat(Plot.piLabel(-4)).isEqualTo("-π");
        assertThat(Plot.piLabel(6)).isEqualTo("3π/2");
        assertThat(Plot.piLabel(8)).isEqualTo("2π");
        assertThat(Plot.piLabel(0.5)).isEqualTo("0.125π");
    }

    /** Tick labels of listed x values: integers as integers, decimals without trailing zeros. */
    @Test
    void tickLabelsAreShort() {
        assertThat(Plot.tickLabel(1000)).isEqualTo("1000");
        assertThat(Plot.tickLabel(60000)).isEqualTo("60000");
        assertThat(Plot.tickLabel(0.25)).isEqualTo("0.25");
        assertThat(Plot.tickLabel(1234567)).isEqualTo("1234570");
    }

    /** The width colours: the anchors exactly, midway points between them, black for infinity, the same every call. */
    @Test
    void oneColourPerWidth() {
        assertThat(Plot.widthColour(16)).isEqualTo(new Color(118, 42, 131));
        assertThat(Plot.widthColour(1024)).isEqualTo(new Color(77, 172, 38));
        assertThat(Plot.widthColour(16384)).isEqualTo(new Color(200, 30, 30));
        assertThat(Plot.widthColour(2)).isEqualTo(Plot.widthColour(16));
        assertThat(Plot.widthColour(32)).isEqualTo(new Color(76, 72, 152)); // halfway from purple to blue
        assertThat(Plot.widthColour(Double.POSITIVE_INFINITY)).isEqualTo(Plot.INFINITE_WIDTH);
        assertThat(Plot.widthColour(100)).isEqualTo(Plot.widthColour(100)).isNotEqualTo(Plot.widthColour(500));
    }

    @Test
    void logAxesRefuseValuesThatAreNotPositive(@TempDir Path dir) {
        Plot p = Plot.titled("t").logY().line("excess", new double[] {0, 1, 2}, new double[] {1, 1e-3, -8.9e-16});
        assertThatThrownBy(() -> p.savePng(dir.resolve("p"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series 'excess'").hasMessageContaining("-8.9E-16").hasMessageContaining("positive");
    }

    @Test
    void plotsAreWritten(@TempDir Path dir) throws Exception {
        double[] g = new double[61];
        double[] s = new double[61];
        for (int i = 0; i < g.length; i++) {
            g[i] = -Math.PI + 2 * Math.PI * i / 60;
            s[i] = Math.sin(g[i]);
        }
        Path a = Plot.titled("angles").angleAxis().series("", g, s, Plot.Style.THIN, Plot.widthColour(64)).savePng(dir.resolve("a"));
        assertThat(Files.size(a)).isGreaterThan(1000);
    }

    /** Reports from worker threads that arrive late never move the display backwards. */
    @Test
    void progressNeverGoesBackwards() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = Progress.lines("work", 100, new PrintStream(bytes, true));
        p.update(6);
        p.update(2);
        p.update(15);
        p.update(12);
        p.update(100);
        String[] lines = bytes.toString().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains(" 6/100");
        assertThat(lines[1]).contains(" 15/100");
        assertThat(lines[2]).contains(" 100/100");
    }
}
