package org.tangent4j.autodiff.tangent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.RealizationFactory;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.testing.Numeric;
import org.tangent4j.core.testing.Float64;

/**
 * The empirical NTK of finite ReLU networks tends to the analytic infinite-width NTK of {@code core.limits}
 * (Jacot et al. 2018, Theorem 1; closed form of the ReLU expectations from Cho and Saul 2009) with fluctuations of
 * order n^-1/2; the Monte Carlo NTK and NNGP estimates approach the infinite-width kernels.
 */
@ExtendWith(Float64.class)
class InfiniteWidthConvergenceTest {

    private static final double W_STD = Math.sqrt(2);
    private static final double B_STD = 0.1;
    private static final int DEPTH = 3;
    private static final DenseStack STACK = DenseStack.fullyConnected(DEPTH, Activations.relu(), W_STD, B_STD);
    private static final INDArray X = Numeric.circle(0.0, 0.7, 1.9, 3.8);
    private static final int[] WIDTHS = {64, 256, 1024, 4096};
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final int MC_WIDTH = 128;
    private static final int MC_SAMPLES = 48;

    /**
     * Analytic NTK of the stack at X (NTK parameterization), by the recursion
     * Sigma^(1) = w^2 x.x'/d + b^2, Theta^(1) = Sigma^(1);
     * Sigma^(l+1) = w^2 sqrt(S S') (sin t + (pi - t) cos t) / (2 pi) + b^2,
     * Sigma-dot = (pi - t) / (2 pi), Theta^(l+1) = w^2 Theta^(l) Sigma-dot + Sigma^(l+1),
     * with cos t = Sigma(x, x') / sqrt(Sigma(x, x) Sigma(x', x')).
     */
    static INDArray analyticReluNtk(INDArray x) {
        int n = (int) x.rows();
        double w2 = W_STD * W_STD;
        double b2 = B_STD * B_STD;
        double[][] sigma = new double[n][n];
        double[][] theta = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int c = 0; c < x.columns(); c++) {
                    dot += x.getDouble(i, c) * x.getDouble(j, c);
                }
                sigma[i][j] = w2 * dot / x.columns() + b2;
                theta[i][j] = sigma[i][j];
            }
        }
        for (int l = 0; l < DEPTH; l++) {
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double norm = Math.sqrt(sigma[i][i] * sigma[j][j]);
                    double t = Math.acos(Math.max(-1, Math.min(1, sigma[i][j] / norm)));
                    next[i][j] = w2 * norm * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI) + b2;
                    theta[i][j] = w2 * theta[i][j] * (Math.PI - t) / (2 * Math.PI) + next[i][j];
                }
            }
            sigma = next;
        }
        return Nd4j.createFromArray(theta);
    }

    @Test
    void coreLimitsAgreesWithTheClosedFormRecursion() {
        // two implementations of the same closed form: rounding only
        Numeric.assertClose(InfiniteWidth.of(STACK).ntk().gram(X), analyticReluNtk(X), 1e-12, 1e-12);
    }

    @Test
    void monteCarloEstimatesApproachTheInfiniteWidthKernels() {
        KernelPair exact = InfiniteWidth.of(STACK).kernels(X, X);
        long[] seeds = new long[MC_SAMPLES];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = 77_000 + s;
        }
        MonteCarloKernels mc = EmpiricalTangentKernel.of(TangentKernelMethod.MONTE_CARLO)
                .monteCarlo(seed -> DenseNetworks.realize(STACK, 2, MC_WIDTH, 1, seed), seeds, X, X);
        double ntkError = Numeric.relativeError(mc.ntk().traced(), exact.ntk());
        double nngpError = Numeric.relativeError(mc.nngp().traced(), exact.nngp());
        System.out.println("Monte Carlo (" + MC_SAMPLES + " seeds, width " + MC_WIDTH + "): NTK error " + ntkError
                + ", NNGP error " + nngpError);
        // statistical: one width-128 kernel errs by ~0.2 (see the convergence test), S samples by ~0.2 / sqrt(S) plus
        // an O(1/n) bias; f f^T is rank one, so the NNGP mean errs by ~sqrt(2 / S) ~ 0.2. Bounds at ~2-3 sigma.
        assertThat(ntkError).isLessThan(0.1);
        assertThat(nngpError).isLessThan(0.5);
    }

    @Test
    void relativeErrorDecaysLikeInverseSquareRootOfWidth() {
        INDArray exact = InfiniteWidth.of(STACK).ntk().gram(X);
        EmpiricalTangentKernel structured = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        SimpleRegression fit = new SimpleRegression();
        StringBuilder log = new StringBuilder();
        for (int width : WIDTHS) {
            RealizationFactory factory = seed -> DenseNetworks.realize(STACK, 2, width, 1, 1000L * width + seed);
            double mean = 0;
            for (long seed : SEEDS) {
                mean += Numeric.relativeError(structured.compute(factory.realize(seed), X).traced(), exact);
            }
            mean /= SEEDS.length;
            fit.addData(Math.log(width), Math.log(mean));
            log.append(String.format("n=%d err=%.4f; ", width, mean));
            System.gc();
        }
        System.out.println("NTK convergence: " + log + "slope " + fit.getSlope());
        // theory: slope -1/2; with 4 seeds per width the fitted slope scatters by about +-0.1
        assertThat(fit.getSlope()).as(log.toString()).isBetween(-0.7, -0.3);
    }
}
