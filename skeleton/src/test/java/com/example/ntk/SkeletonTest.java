package com.example.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;

/** Each value tangent4j computes for this project, against a route written here by hand. */
class SkeletonTest {

    /** Points of different norms in d = 2 (rows). */
    private static final double[][] POINTS = {{1.0, 0.0}, {0.6, 0.8}, {-1.5, 0.5}, {0.3, -2.0}};

    @Test
    void empiricalNtkOfTheCustomNetworkIsItsJacobianInnerProduct() {
        int d = 2;
        int n = 64;
        SameDiffRealization net = SkipNetwork.create(d, n, 11);
        INDArray x = Nd4j.createFromArray(POINTS);
        double[][] w = net.parameter("W").toDoubleMatrix();
        double[] v = net.parameter("v").reshape(n).toDoubleVector();
        // By hand: with h = x W / sqrt(d), df/dv_j = relu(h_j) / sqrt(n), df/dW_kj = v_j 1{h_j > 0} x_k / sqrt(n d),
        // df/du_k = x_k / sqrt(d), so Theta(x, x') = (1/n) sum_j [relu(h_j) relu(h'_j)
        // + (x.x'/d) v_j^2 1{h_j > 0} 1{h'_j > 0}] + x.x'/d.
        for (TangentKernelMethod method : new TangentKernelMethod[] {TangentKernelMethod.STRUCTURED, TangentKernelMethod.JACOBIAN}) {
            INDArray theta = EmpiricalTangentKernel.of(method).compute(net, x).traced();
            for (int a = 0; a < POINTS.length; a++) {
                for (int b = 0; b < POINTS.length; b++) {
                    double dot = (POINTS[a][0] * POINTS[b][0] + POINTS[a][1] * POINTS[b][1]) / d;
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        double ha = (POINTS[a][0] * w[0][j] + POINTS[a][1] * w[1][j]) / Math.sqrt(d);
                        double hb = (POINTS[b][0] * w[0][j] + POINTS[b][1] * w[1][j]) / Math.sqrt(d);
                        sum += Math.max(ha, 0) * Math.max(hb, 0) + (ha > 0 && hb > 0 ? dot * v[j] * v[j] : 0);
                    }
                    double expected = sum / n + dot;
                    assertEquals(expected, theta.getDouble(a, b), 1e-12 * Math.max(1, Math.abs(expected)),
                            method + " Theta(x" + a + ", x" + b + ")");
                }
            }
        }
    }

    @Test
    void infiniteWidthKernelsOfTheReluBranchAreTheArcCosineKernels() {
        INDArray x = Nd4j.createFromArray(POINTS);
        KernelPair k = InfiniteWidth.of(Main.reluBranch()).kernels(x, x);
        for (int a = 0; a < POINTS.length; a++) {
            for (int b = 0; b < POINTS.length; b++) {
                double[] expected = arcCosine(POINTS[a], POINTS[b]);
                assertEquals(expected[0], k.nngp().getDouble(a, b), 1e-12, "NNGP(x" + a + ", x" + b + ")");
                assertEquals(expected[1], k.ntk().getDouble(a, b), 1e-12, "NTK(x" + a + ", x" + b + ")");
            }
        }
    }

    @Test
    void gpPosteriorMeanSolvesTheRegularisedSystem() {
        // 40 seeded points: a Cholesky large enough to use the blocked BLAS kernels (see the OPENBLAS_CORETYPE note in
        // pom.xml: with the faulty AVX-512 kernels this test fails), targets sin(3 x_1) + x_2.
        int n = 40;
        Random random = new Random(5);
        double[][] points = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            points[i][0] = 2 * random.nextGaussian();
            points[i][1] = random.nextGaussian();
            y[i] = Math.sin(3 * points[i][0]) + points[i][1];
        }
        double noise = 1e-2;
        double[] test = {0.2, 0.9};
        double mean = GaussianProcess.zeroMean(InfiniteWidth.of(Main.reluBranch()).ntk())
                .condition(Nd4j.createFromArray(points), Nd4j.createFromArray(y), noise)
                .mean(Nd4j.createFromArray(new double[][] {test})).getDouble(0);
        // By hand: m(x*) = Theta(x*, X) (Theta(X, X) + noise I)^-1 y with the arc-cosine NTK, solved by LU.
        double[][] a = new double[n][n];
        RealVector kStar = new ArrayRealVector(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = arcCosine(points[i], points[j])[1] + (i == j ? noise : 0);
            }
            kStar.setEntry(i, arcCosine(test, points[i])[1]);
        }
        RealVector alpha = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(y));
        double expected = kStar.dotProduct(alpha);
        assertEquals(expected, mean, 1e-9 * Math.max(1, Math.abs(expected)));
    }

    /**
     * {NNGP, NTK} of Dense(w_std 1, b_std 0), ReLU, Dense(1, 0) from the arc-cosine kernel of degree 1 and 0 (Cho and
     * Saul 2009): with K1 = x.x'/d and cos t = K1(x, x') / sqrt(K1(x, x) K1(x', x')),
     * NNGP = sqrt(K1(x, x) K1(x', x')) (sin t + (pi - t) cos t) / (2 pi), NTK = K1 (pi - t) / (2 pi) + NNGP.
     */
    private static double[] arcCosine(double[] p, double[] q) {
        double kpq = (p[0] * q[0] + p[1] * q[1]) / 2;
        double kpp = (p[0] * p[0] + p[1] * p[1]) / 2;
        double kqq = (q[0] * q[0] + q[1] * q[1]) / 2;
        double norm = Math.sqrt(kpp * kqq);
        double t = Math.acos(Math.max(-1, Math.min(1, kpq / norm)));
        double nngp = norm * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
        return new double[] {nngp, kpq * (Math.PI - t) / (2 * Math.PI) + nngp};
    }
}
