package org.tangent4j.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tangent4j.core.arch.PiecewiseLinear;

class PiecewiseLinearExpectationTest {

    /**
     * The arc-cosine closed forms against the same formulas with theta = StrictMath.acos(rho) (fdlibm, within 1 ulp)
     * on a 1e-5 grid of rho in [-1, 1] with both end points, in one long array so that the vectorised loops run, for
     * ReLU, leaky ReLU, |u| and the identity, and two variances: within 1e-15 (NTK factor, of order 1) and 1e-15 sqrt(q1 q2)
     * (NNGP); and at rho = 1 the exact limits sqrt(q1 q2) (a^2 + b^2) / 2 and (a^2 + b^2) / 2 to 1 ulp.
     */
    @Test
    void agreesWithTheFormulaOnFdlibmsArccosine() {
        int n = 200_001;
        double q1 = 1.7;
        double q2 = 0.6;
        double s = Math.sqrt(q1 * q2);
        for (PiecewiseLinear f : new PiecewiseLinear[] {new PiecewiseLinear(0, 1), new PiecewiseLinear(0.2, 1),
                new PiecewiseLinear(-1, 1), new PiecewiseLinear(1, 1)}) {
            double a = f.negativeSlope();
            double b = f.positiveSlope();
            double[] rho = new double[n];
            double[] v1 = new double[n];
            double[] v2 = new double[n];
            double[] k = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                rho[i] = i == n - 1 ? 1 : -1 + i * 1e-5;
                v1[i] = q1;
                v2[i] = q2;
                k[i] = rho[i] * s;
                t[i] = 1;
            }
            new PiecewiseLinearExpectation(f).apply(v1, v2, k, t, n);
            double worstK = 0;
            double worstT = 0;
            for (int i = 0; i < n; i++) {
                double c = rho[i] * s / s; // the correlation the closed form sees
                double theta = StrictMath.acos(Math.min(Math.max(c, -1), 1));
                double sin = Math.sqrt((1 - c) * (1 + c));
                double kRef = s / (2 * Math.PI) * ((a * a + b * b) * (sin + (Math.PI - theta) * c)
                        - 2 * a * b * (sin - theta * c));
                double tRef = ((a * a + b * b) * (Math.PI - theta) + 2 * a * b * theta) / (2 * Math.PI);
                worstK = Math.max(worstK, Math.abs(k[i] - kRef) / s);
                worstT = Math.max(worstT, Math.abs(t[i] - tRef));
                assertThat(Double.isFinite(k[i]) && Double.isFinite(t[i])).as("%s rho=%s", f.id(), rho[i]).isTrue();
            }
            assertThat(worstK).as("%s NNGP", f.id()).isLessThanOrEqualTo(1e-15);
            assertThat(worstT).as("%s NTK factor", f.id()).isLessThanOrEqualTo(1e-15);
            double kOne = s * (a * a + b * b) / 2;
            double tOne = (a * a + b * b) / 2;
            assertThat(Math.abs(k[n - 1] - kOne)).as("%s NNGP at rho = 1", f.id()).isLessThanOrEqualTo(Math.ulp(kOne));
            assertThat(Math.abs(t[n - 1] - tOne)).as("%s NTK at rho = 1", f.id()).isLessThanOrEqualTo(Math.ulp(tOne));
        }
    }
}
