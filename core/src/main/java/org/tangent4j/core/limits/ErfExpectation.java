package org.tangent4j.core.limits;

import org.tangent4j.core.arch.ScaledErf;

/**
 * Closed forms for s(u) = a erf(b u) + c0 (Williams 1997), with D = (1 + 2 b^2 q1)(1 + 2 b^2 q2):
 * <pre>
 * E[s(u)s(v)]   = a^2 (2 / pi) arcsin( 2 b^2 c / sqrt(D) ) + c0^2          (E[erf(b u)] = 0)
 * E[s'(u)s'(v)] = a^2 b^2 (4 / pi) / sqrt( D - 4 b^4 c^2 )
 * </pre>
 * Both are finite for every valid covariance (D - 4 b^4 c^2 &gt;= 1), including zero variances.
 */
final class ErfExpectation implements GaussianExpectation {

    private final double a2;
    private final double b2;
    private final double shift2;

    ErfExpectation(ScaledErf s) {
        this.a2 = s.scale() * s.scale();
        this.b2 = s.slope() * s.slope();
        this.shift2 = s.shift() * s.shift();
    }

    @Override
    public void apply(double q1, double[] q2, int col0, double[] c, int from, int cols, double[] theta) {
        final double twoOverPi = 2 / Math.PI;
        final double fourA2B2OverPi = 4 * a2 * b2 / Math.PI;
        double d1 = 1 + 2 * b2 * q1;
        for (int j = 0; j < cols; j++) {
            int i = from + j;
            double d = d1 * (1 + 2 * b2 * q2[col0 + j]);
            double num = 2 * b2 * c[i];
            double arg = num / Math.sqrt(d);
            arg = arg > 1 ? 1 : (arg < -1 ? -1 : arg); // |arg| < 1 mathematically; round-off only
            c[i] = a2 * twoOverPi * Arcsine.asin(arg) + shift2;
            theta[i] *= fourA2B2OverPi / Math.sqrt(d - num * num);
        }
    }

    @Override
    public double[] diagonal(double q) {
        double d = 1 + 2 * b2 * q;
        return new double[] {a2 * 2 / Math.PI * Arcsine.asin(2 * b2 * q / d) + shift2, 4 * a2 * b2 / Math.PI / Math.sqrt(d * d - 4 * b2 * b2 * q * q)};
    }
}
