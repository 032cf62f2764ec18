package org.tangent4j.examples.bench;

import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.gp.Posterior;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;

/**
 * GP regression at scale: N = 4096 training and M = 512 test points in d = 8 (RBF kernel), timed end to end
 * through {@link GaussianProcess#condition} and then stage by stage (Gram matrix, LAPACK Cholesky, solves, test
 * side). The Cholesky (n^3 / 3 flops) should dominate; its GFLOP/s is compared with a float64 4096 x 4096 matrix
 * multiply (2 n^3 flops) measured on the same machine.
 *
 * <p>Usage: {@code GpPosteriorBenchmark [N [M [d]]]} (defaults 4096 512 8).
 */
public final class GpPosteriorBenchmark {

    private GpPosteriorBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);

        INDArray x = uniform(1, n, d);
        INDArray xs = uniform(2, m, d);
        INDArray y = target(x, 3);
        RbfKernel kernel = new RbfKernel(1.0, Math.sqrt(d) / 2);
        GaussianProcess prior = GaussianProcess.zeroMean(kernel);
        double noise = 1e-2;

        // Warm-up (JIT, native thread pools, page faults) on a small problem.
        prior.condition(uniform(4, 256, d), target(uniform(4, 256, d), 5), noise).mean(xs);

        double mmulRate = Machine.mmulGflops(4096);
        long before = Pointer.physicalBytes();
        long peak = before;

        // End to end through the public API: one Cholesky, then mean and covariance of the test points.
        long t0 = System.nanoTime();
        Posterior post = prior.condition(x, y, noise);
        INDArray mean = post.mean(xs);
        INDArray cov = post.covariance(xs);
        double total = seconds(t0);
        peak = Math.max(peak, Pointer.physicalBytes());

        // Stage by stage, the same work.
        t0 = System.nanoTime();
        INDArray k = Matrices.addToDiagonal(kernel.gram(x), noise);
        double tGram = seconds(t0);
        t0 = System.nanoTime();
        Cholesky chol = Cholesky.ofInPlace("K + noise I", k, 0);
        double tChol = seconds(t0);
        peak = Math.max(peak, Pointer.physicalBytes());
        t0 = System.nanoTime();
        INDArray alpha = chol.solve(y);
        double tSolve = seconds(t0);
        t0 = System.nanoTime();
        INDArray ksx = kernel.gram(xs, x); // K(X*, X) row-major: K(X, X*) column-major, as the triangular solve wants it
        INDArray mean2 = ksx.mmul(alpha.reshape(n, 1));
        INDArray v = chol.solveLower(ksx.transpose());
        INDArray cov2 = kernel.gram(xs).subi(Matrices.columnGram(v));
        double tTest = seconds(t0);
        peak = Math.max(peak, Pointer.physicalBytes());

        double cholFlops = (double) n * n * n / 3;
        System.out.printf(Locale.ROOT, "GP posterior: N = %d training, M = %d test points, d = %d, RBF(v = 1, l = %.3f), noise %.0e%n",
                n, m, d, kernel.lengthScale(), noise);
        System.out.printf(Locale.ROOT, "  total (condition + mean + covariance)   %8.3f s%n", total);
        System.out.printf(Locale.ROOT, "  stages: Gram K(X, X)                     %8.3f s%n", tGram);
        System.out.printf(Locale.ROOT, "          LAPACK Cholesky (dpotrf)         %8.3f s  = %.0f%% of the staged total, %.1f GFLOP/s (n^3/3 flops)%n",
                tChol, 100 * tChol / (tGram + tChol + tSolve + tTest), cholFlops / tChol / 1e9);
        System.out.printf(Locale.ROOT, "          solve alpha (dpotrs)             %8.3f s%n", tSolve);
        System.out.printf(Locale.ROOT, "          test side (K(X*,X), L^-1, V^T V) %8.3f s%n", tTest);
        System.out.printf(Locale.ROOT, "  float64 mmul 4096 x 4096: %.1f GFLOP/s (2 n^3 flops); Cholesky reaches %.0f%% of it%n",
                mmulRate, 100 * cholFlops / tChol / 1e9 / mmulRate);
        System.out.printf(Locale.ROOT, "  memory: process RSS %.0f MB before the run, %.0f MB at the highest sample; K alone is %.0f MB%n",
                before / 1e6, peak / 1e6, 8.0 * n * n / 1e6);
        System.out.printf(Locale.ROOT, "  check: staged vs end-to-end mean max |diff| %.1e, covariance %.1e%n",
                mean.sub(mean2.reshape(m)).amaxNumber().doubleValue(), cov.sub(cov2).amaxNumber().doubleValue());
    }

    private static INDArray uniform(long seed, int rows, int cols) {
        Random r = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = 2 * r.nextDouble() - 1;
            }
        }
        return Nd4j.createFromArray(a);
    }

    /** y = sin(3 x_1) + x_2^2 + 0.1 eps, a smooth target with noise. */
    private static INDArray target(INDArray x, long seed) {
        Random r = new Random(seed);
        double[] y = new double[(int) x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(3 * x.getDouble(i, 0)) + Math.pow(x.getDouble(i, 1), 2) + 0.1 * r.nextGaussian();
        }
        return Nd4j.createFromArray(y);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
