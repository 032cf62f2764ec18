package org.tangent4j.examples.support;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded toy data sets shared by the examples (float64, points as rows). */
public final class Data {

    private Data() {
    }

    /** n points uniform on [lo, hi] as an [n, 1] matrix, sorted. */
    public static INDArray uniform1d(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * r.nextDouble();
        }
        java.util.Arrays.sort(x);
        return Nd4j.createFromArray(x).reshape(n, 1);
    }

    /** An evenly spaced [n, 1] grid on [lo, hi]. */
    public static INDArray grid1d(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return Nd4j.createFromArray(x).reshape(n, 1);
    }

    /** y_i = f(x_i) + noise * N(0, 1), seeded; x is [n, 1]; returns [n]. */
    public static INDArray targets(INDArray x, DoubleUnaryOperator f, double noise, long seed) {
        Random r = new Random(seed);
        double[] y = new double[(int) x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x.getDouble(i, 0)) + noise * r.nextGaussian();
        }
        return Nd4j.createFromArray(y);
    }

    /** Points (cos g, sin g) on the unit circle for n angles evenly spaced on [-pi, pi]; [n, 2]. */
    public static INDArray circle(int n) {
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double g = -Math.PI + 2 * Math.PI * i / (n - 1);
            p[i] = new double[] {Math.cos(g), Math.sin(g)};
        }
        return Nd4j.createFromArray(p);
    }

    /** The angles of {@link #circle(int)}. */
    public static double[] circleAngles(int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = -Math.PI + 2 * Math.PI * i / (n - 1);
        }
        return g;
    }

    /** A seeded [n, d] matrix of standard normal entries. */
    public static INDArray gaussian(long seed, int n, int d) {
        Random r = new Random(seed);
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(a);
    }

    /** The column x[:, 0] as a Java array. */
    public static double[] column(INDArray x, int j) {
        double[] c = new double[(int) x.rows()];
        for (int i = 0; i < c.length; i++) {
            c[i] = x.getDouble(i, j);
        }
        return c;
    }

    /** A vector or [n, 1] matrix as a Java array. */
    public static double[] values(INDArray v) {
        return v.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }
}
