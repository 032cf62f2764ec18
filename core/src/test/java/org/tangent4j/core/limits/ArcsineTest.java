package org.tangent4j.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArcsineTest {

    /**
     * The array form against the JDK's fdlibm asin ({@code StrictMath}) on a 1e-5 grid of [-1, 1], in one long array
     * so that the vectorised loops run: at most 4 ulp apart, and the end points within 1 ulp of pi/2.
     */
    @Test
    void agreesWithFdlibmWithinFourUlp() {
        int n = 200_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + i * 1e-5;
        }
        x[n - 1] = 1;
        double[] y = x.clone();
        Arcsine.asin(y, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double ref = StrictMath.asin(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - ref) / Math.ulp(Math.max(Math.abs(ref), Double.MIN_NORMAL)));
        }
        assertThat(worst).isLessThanOrEqualTo(4);
        double[] ends = {1, -1, 0, 1e-300};
        Arcsine.asin(ends, ends.length);
        assertThat(Math.abs(ends[0] - Math.PI / 2)).isLessThanOrEqualTo(Math.ulp(Math.PI / 2));
        assertThat(ends[1]).isEqualTo(-ends[0]);
        assertThat(ends[2]).isZero();
        assertThat(ends[3]).isEqualTo(1e-300);
    }
}
