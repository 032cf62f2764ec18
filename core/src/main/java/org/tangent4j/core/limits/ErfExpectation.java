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
    public void apply(double[] q1, double[] q2, double[] k, double[] theta, int len, double[][] scratch) {
        final double twoB2 = 2 * b2;
        final double ntkScale = 4 * a2 * b2 / Math.PI;
        final double nngpScale = 2 * a2 / Math.PI;
        double[] arg = scratch[0];
        for (int j = 0; j < len; j++) {
            double d = (1 + twoB2 * q1[j]) * (1 + twoB2 * q2[j]);
            double num = twoB2 * k[j];
            // |num| < sqrt(D) mathematically; the bound only keeps round-off of huge variances inside asin's domain
            arg[j] = Math.min(Math.max(num / Math.sqrt(d), -1), 1);
            theta[j] *= ntkScale / Math.sqrt(d - num * num);
        }
        double[] angle = scratch[1];
        Arcsine.asin(arg, angle, len);
        for (int j = 0; j < len; j++) {
            k[j] = nngpScale * angle[j] + shift2;
        }
    }
}
