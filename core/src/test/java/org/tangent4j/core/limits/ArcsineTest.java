package org.tangent4j.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ArcsineTest {

    /**
     * A 1e-5 grid of [-1, 1] with both ends, the 1000 doubles on either side of -1/2, 0 and 1/2 (where the two branches
     * meet) and the 1000 inside -1 and 1 (where acos |x| is small; -1 and 1 repeated to fill the outer sides), in one
     * long array so that the vectorised loops run.
     */
    private static double[] grid() {
        int n = 200_001;
        double[] near = {-1, -0.5, 0, 0.5, 1};
        double[] x = new double[n + near.length * 2000];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + i * 1e-5;
        }
        x[n - 1] = 1;
        int at = n;
        for (double c : near) {
            double down = c;
            double up = c;
            for (int i = 0; i < 1000; i++) {
                down = Math.max(-1, Math.nextDown(down));
                up = Math.min(1, Math.nextUp(up));
                x[at++] = down;
                x[at++] = up;
            }
        }
        return x;
    }

    /** An array form y &lt;- f(x) of {@link Arcsine}. */
    private interface ArrayForm {
        void apply(double[] x, double[] y, int len);
    }

    /**
     * The largest distance of {@code f} on {@link #grid} from {@code ref}, in ulp of the reference (of the smallest
     * normal for zero).
     */
    private static double worstUlp(ArrayForm f, DoubleUnaryOperator ref) {
        double[] x = grid();
        double[] y = new double[x.length];
        f.apply(x, y, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double r = ref.applyAsDouble(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - r) / Math.ulp(Math.max(Math.abs(r), Double.MIN_NORMAL)));
        }
        return worst;
    }

    /**
     * asin against the JDK's fdlibm asin ({@code StrictMath}, within 1 ulp) on {@link #grid}: at most 3 ulp apart;
     * odd, exact at 0 and tiny arguments, and within 1 ulp of pi/2 at the ends.
     */
    @Test
    void asinAgreesWithFdlibmWithinThreeUlp() {
        assertThat(worstUlp(Arcsine::asin, StrictMath::asin)).isLessThanOrEqualTo(3);
        double[] ends = {1, -1, 0, 1e-300, -0.75, 0.75};
        double[] out = new double[ends.length];
        Arcsine.asin(ends, out, ends.length);
        assertThat(Math.abs(out[0] - Math.PI / 2)).isLessThanOrEqualTo(Math.ulp(Math.PI / 2));
        assertThat(out[1]).isEqualTo(-out[0]);
        assertThat(out[2]).isEqualTo(0.0);
        assertThat(out[3]).isEqualTo(1e-300);
        assertThat(out[4]).isEqualTo(-out[5]);
    }

    /**
     * acos |x| against fdlibm's acos of |x| on {@link #grid}: at most 2 ulp apart, also where it is small (|x| within
     * 1000 ulp of 1: acos |x| ~ sqrt(2 (1 - |x|)), whose digits an acos of x computed as pi/2 - asin x would lose), and
     * exactly 0 at |x| = 1 and pi/2 at 0.
     */
    @Test
    void acosOfTheMagnitudeAgreesWithFdlibmWithinTwoUlp() {
        assertThat(worstUlp(Arcsine::acosOfMagnitude, v -> StrictMath.acos(Math.abs(v)))).isLessThanOrEqualTo(2);
        double[] ends = {1, -1, 0, -0.0};
        double[] out = new double[ends.length];
        Arcsine.acosOfMagnitude(ends, out, ends.length);
        assertThat(out[0]).isZero();
        assertThat(out[1]).isZero();
        assertThat(out[2]).isEqualTo(Math.PI / 2);
        assertThat(out[3]).isEqualTo(Math.PI / 2);
    }
}
