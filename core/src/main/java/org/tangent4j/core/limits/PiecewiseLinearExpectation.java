package org.tangent4j.core.limits;

import org.tangent4j.core.arch.PiecewiseLinear;

/**
 * Closed forms for s(u) = a min(u, 0) + b max(u, 0) = b relu(u) - a relu(-u), with theta = arccos(rho) and
 * rho = c / sqrt(q1 q2) (arc-cosine kernels of degree 1 and 0, Cho and Saul 2009):
 * <pre>
 * E[s(u)s(v)]   = sqrt(q1 q2) / (2 pi) [ (a^2 + b^2)(sin theta + (pi - theta) cos theta) - 2ab (sin theta - theta cos theta) ]
 * E[s'(u)s'(v)] = [ (a^2 + b^2)(pi - theta) + 2ab theta ] / (2 pi)
 * </pre>
 * ReLU is a = 0, b = 1; the identity a = b = 1 gives E[uv] = c and 1. A zero variance (a zero input without bias)
 * gives rho = 0: E[s s] = 0 and E[s' s'] = (a + b)^2 / 4, the limit of the formula, never NaN.
 */
final class PiecewiseLinearExpectation implements GaussianExpectation {

    private final double sumSquares;
    private final double cross;

    PiecewiseLinearExpectation(PiecewiseLinear s) {
        double a = s.negativeSlope();
        double b = s.positiveSlope();
        this.sumSquares = a * a + b * b;
        this.cross = 2 * a * b;
    }

    @Override
    public void apply(double q1, double[] q2, int col0, double[] c, int from, int cols, double[] theta) {
        final double inv2pi = 1 / (2 * Math.PI);
        for (int j = 0; j < cols; j++) {
            int i = from + j;
            double qq = q1 * q2[col0 + j];
            double cc = c[i];
            double angle;
            double sinS; // sqrt(q1 q2) sin(angle) = sqrt(q1 q2 - c^2)
            if (qq == 0) {
                angle = Math.PI / 2; // a zero variance: rho = 0 by convention (see the class comment)
                sinS = 0;
            } else {
                // angle from sqrt(q1 q2) sin(angle) = sqrt(q1 q2 - c^2) and cos as in Arcsine.angle: exact (theta = 0)
                // when x = x', where acos(c / sqrt(q1 q2)) would turn a 1-ulp rounding of the square root into
                // theta ~ 1e-8. q1 q2 - c^2 >= 0 by Cauchy-Schwarz; a negative value is round-off only.
                sinS = Math.sqrt(Math.max(qq - cc * cc, 0));
                angle = Arcsine.angle(sinS, cc, Math.sqrt(qq));
            }
            c[i] = inv2pi * (sumSquares * (sinS + (Math.PI - angle) * cc) - cross * (sinS - angle * cc));
            theta[i] *= inv2pi * (sumSquares * (Math.PI - angle) + cross * angle);
        }
    }

    @Override
    public double[] diagonal(double q) {
        // theta = 0: E[s^2] = q (a^2 + b^2) / 2, E[s'^2] = (a^2 + b^2) / 2.
        return new double[] {q * sumSquares / 2, q == 0 ? (sumSquares + cross) / 4 : sumSquares / 2};
    }
}
