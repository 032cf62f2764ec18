package org.tangent4j.core.testing;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Reference values of E[f(u) f(v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]) by a fixed, non-adaptive rule that shares
 * nothing with the library's adaptive quadrature: v is the OUTER variable (the library integrates over u first), u | v
 * the inner one, each by 20-point Gauss-Legendre on a fixed mesh over +-12 standard deviations that is graded
 * geometrically (ratio 1.5, down to 1e-4 of the activation's feature width) towards the point where the activation's
 * argument is 0 and towards the Gaussian's centre. About 10^6 evaluations per value.
 */
public final class GaussianIntegrals {

    private static final double RANGE = 12;
    private static final double[] X;
    private static final double[] W;

    static {
        GaussIntegrator g = new GaussIntegratorFactory().legendreHighPrecision(20, -1, 1);
        X = new double[g.getNumberOfPoints()];
        W = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            X[i] = g.getPoint(i);
            W[i] = g.getWeight(i);
        }
    }

    private GaussianIntegrals() {
    }

    /** E[f(u) f(v)] with v outer; c is clamped to |c| &lt;= sqrt(q1 q2). */
    public static double expectation(DoubleUnaryOperator f, double q1, double q2, double c) {
        if (q2 == 0) {
            return q1 == 0 ? f.applyAsDouble(0) * f.applyAsDouble(0) : f.applyAsDouble(0) * single(f, q1);
        }
        double root2 = Math.sqrt(q2);
        double bound = Math.sqrt(q1 * q2);
        double cc = Math.max(-bound, Math.min(bound, c));
        double slope = cc / root2; // u | v: mean (c / q2) v = (c / sqrt(q2)) z, sd sqrt(q1 - c^2 / q2)
        double sd = Math.sqrt(Math.max(0, q1 - cc * cc / q2));
        double[] outer = mesh(0, 1 / root2);
        double sum = 0;
        for (int p = 0; p + 1 < outer.length; p++) {
            double a = outer[p];
            double b = outer[p + 1];
            for (int i = 0; i < X.length; i++) {
                double z = 0.5 * (a + b) + 0.5 * (b - a) * X[i];
                double m = slope * z;
                double inner = sd == 0 ? f.applyAsDouble(m) : smoothed(f, m, sd);
                sum += 0.5 * (b - a) * W[i] * phi(z) * f.applyAsDouble(root2 * z) * inner;
            }
        }
        return sum;
    }

    /** E[f(sqrt(q) Z)]. */
    private static double single(DoubleUnaryOperator f, double q) {
        return smoothed(f, 0, Math.sqrt(q));
    }

    /** E[f(m + sd W)], W standard normal. */
    private static double smoothed(DoubleUnaryOperator f, double m, double sd) {
        double[] ends = mesh(-m / sd, 1 / sd);
        double sum = 0;
        for (int p = 0; p + 1 < ends.length; p++) {
            double a = ends[p];
            double b = ends[p + 1];
            for (int i = 0; i < X.length; i++) {
                double w = 0.5 * (a + b) + 0.5 * (b - a) * X[i];
                sum += 0.5 * (b - a) * W[i] * phi(w) * f.applyAsDouble(m + sd * w);
            }
        }
        return sum;
    }

    /** Panel ends on [-RANGE, RANGE]: graded towards 0 and towards {@code center}, panels of 2 elsewhere. */
    private static double[] mesh(double center, double width) {
        double[] p = new double[4000];
        int n = 0;
        for (double t = -RANGE; t <= RANGE + 1e-12; t += 2) {
            p[n++] = t;
        }
        for (double c : new double[] {0, center}) {
            if (Math.abs(c) < RANGE) {
                for (double t = 3e-2 * Math.min(width, 1); t < 2 * RANGE; t *= 2.5) {
                    p[n++] = c - t;
                    p[n++] = c + t;
                }
                p[n++] = c;
            }
        }
        return Arrays.stream(p, 0, n).filter(x -> x >= -RANGE && x <= RANGE).sorted().distinct().toArray();
    }

    private static double phi(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }
}
