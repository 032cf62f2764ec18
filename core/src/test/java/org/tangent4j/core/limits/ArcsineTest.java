package org.tangent4j.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArcsineTest {

    /** Against the JDK's fdlibm asin on a 1e-5 grid of [-1, 1] and the end points: at most 3 ulp apart. */
    @Test
    void agreesWithMathAsinWithinThreeUlp() {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            double x = -1 + i * 1e-5;
            double ref = Math.asin(x);
            worst = Math.max(worst, Math.abs(Arcsine.asin(x) - ref) / Math.ulp(Math.max(Math.abs(ref), Double.MIN_NORMAL)));
        }
        assertThat(worst).isLessThanOrEqualTo(3);
        assertThat(Arcsine.asin(1)).isEqualTo(Math.PI / 2);
        assertThat(Arcsine.asin(-1)).isEqualTo(-Math.PI / 2);
        assertThat(Arcsine.asin(0)).isEqualTo(0);
    }

    /** The angle between (cos t, sin t) and (1, 0) is t, across both branches, to ~1e-15. */
    @Test
    void angleRecoversKnownAngles() {
        for (int i = 0; i <= 1000; i++) {
            double t = Math.PI * i / 1000;
            double c = Math.cos(t);
            double s = Math.abs(Math.sin(t));
            assertThat(Math.abs(Arcsine.angle(s, c, 1) - t)).as("t = %s", t).isLessThan(2e-15);
        }
        assertThat(Arcsine.angle(0, 2.5, 2.5)).isZero();
    }
}
