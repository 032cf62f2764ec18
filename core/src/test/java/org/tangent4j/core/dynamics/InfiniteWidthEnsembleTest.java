package org.tangent4j.core.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.circle;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.limits.InfiniteWidth;

class InfiniteWidthEnsembleTest {

    static final InfiniteWidth LIMITS = InfiniteWidth.of(DenseStack.fullyConnected(3, Activations.relu(), 1.0, 0.1));
    static final INDArray X = circle(-2.2, -1.0, 1.0, 2.2);
    static final INDArray Y = Nd4j.createFromArray(-0.4, -0.2, 0.3, 0.3);
    static final INDArray TEST = circle(-3.0, -1.5, 0.0, 0.5, 1.7, 2.9);

    @Test
    void atInfinityTheMeanIsNtkRegressionAndTheDataAreInterpolated() {
        InfiniteWidthEnsemble e = InfiniteWidthEnsemble.atInfinity(LIMITS, X, Y);
        // Independent route: the explicit inverse of Theta(X, X) (LU).
        INDArray inv = InvertMatrix.invert(LIMITS.ntk().gram(X), false);
        INDArray expected = LIMITS.ntk().gram(TEST, X).mmul(inv).mmul(Y.reshape(4, 1)).reshape(6);
        assertClose(e.mean(TEST), expected, 1e-10, 1e-12);
        assertClose(e.mean(X), Y, 1e-10, 1e-12);
        // The trained function is deterministic at the training points: cov_inf(X, X) = 0 (up to cond(Theta) eps).
        assertThat(e.covariance(X).amaxNumber().doubleValue()).isLessThan(1e-10);
    }

    /**
     * The ensemble of a convolutional Network on 1x1 images (circular 3x3 filters read the only pixel) is the ensemble
     * of the fully-connected stack on the same points as rows: two kernel routes, one set of formulas.
     */
    @Test
    void onOnePixelImagesAConvolutionalEnsembleIsTheFullyConnectedOne() {
        org.tangent4j.core.layers.Network cnn = org.tangent4j.core.layers.Network.of(
                org.tangent4j.core.layers.Conv.of(3, 3, org.tangent4j.core.layers.Padding.CIRCULAR, 1.0, 0.1),
                new org.tangent4j.core.layers.Elementwise(Activations.relu()),
                org.tangent4j.core.layers.Conv.of(3, 3, org.tangent4j.core.layers.Padding.CIRCULAR, 1.0, 0.1),
                new org.tangent4j.core.layers.Elementwise(Activations.relu()),
                org.tangent4j.core.layers.Conv.of(3, 3, org.tangent4j.core.layers.Padding.CIRCULAR, 1.0, 0.1),
                new org.tangent4j.core.layers.Elementwise(Activations.relu()),
                new org.tangent4j.core.layers.GlobalAvgPool(), new org.tangent4j.core.layers.Dense(1.0, 0.1));
        INDArray images = X.reshape(4, 1, 1, 2);
        INDArray testImages = TEST.reshape(6, 1, 1, 2);
        InfiniteWidthEnsemble a = InfiniteWidthEnsemble.of(cnn, images, Y, 0.7);
        InfiniteWidthEnsemble b = InfiniteWidthEnsemble.of(LIMITS, X, Y, 0.7);
        for (double t : new double[] {0.5, 4, Double.POSITIVE_INFINITY}) {
            assertClose(a.mean(testImages, t), b.mean(TEST, t), 1e-11, 1e-13);
            assertClose(a.variance(testImages, t), b.variance(TEST, t), 1e-11, 1e-13);
            assertClose(a.covariance(testImages, t), b.covariance(TEST, t), 1e-11, 1e-13);
        }
        assertThatThrownBy(() -> a.mean(TEST)).hasMessageContaining("test has shape [6, 2]: expected [N, 1, 1, 2], the"
                + " per-point shape of the training points x (shape [4, 1, 1, 2])");
    }

    @Test
    void atTimeZeroTheEnsembleIsTheNngpPrior() {
        InfiniteWidthEnsemble e = InfiniteWidthEnsemble.of(LIMITS, X, Y, 1.0);
        assertClose(e.mean(TEST, 0), Nd4j.zeros(6), 0, 1e-15);
        assertClose(e.covariance(TEST, 0), LIMITS.nngp().gram(TEST), 1e-12, 1e-15);
    }

    /**
     * Against samples: draw f_0 ~ GP(0, K) jointly on X and the test points (seeded), evolve each by the linear flow
     * solved by forward-Euler steps of df/dt = -(eta/N) Theta(., X)(f(X) - y) (no matrix exponential involved), and
     * compare the sample mean and covariance at t = 5 (Euler error O(dt) ~ 1e-3; 4000 samples: standard errors ~1.6% of the scale; 8% tolerance).
     */
    @Test
    void meanAndCovarianceMatchSampledTrajectories() {
        double eta = 1.0;
        double time = 5.0;
        INDArray all = Nd4j.concat(0, X, TEST);
        int n = 4;
        int m = 6;
        int samples = 4000;
        double[][] f = GaussianProcess.zeroMean(LIMITS.nngp()).sample(all, samples, 99, 1e-12).toDoubleMatrix(); // [S, N + M]
        double[][] th = LIMITS.ntk().gram(all, X).toDoubleMatrix();                                     // [N + M, N]
        double[] yv = Y.toDoubleVector();
        int steps = 5000;
        double h = eta / n * time / steps;
        double[] r = new double[n];
        for (double[] fs : f) {
            for (int step = 0; step < steps; step++) {
                for (int j = 0; j < n; j++) {
                    r[j] = fs[j] - yv[j];
                }
                for (int i = 0; i < n + m; i++) {
                    double g = 0;
                    for (int j = 0; j < n; j++) {
                        g += th[i][j] * r[j];
                    }
                    fs[i] -= h * g;
                }
            }
        }
        double[][] tail = new double[samples][];
        for (int s = 0; s < samples; s++) {
            tail[s] = java.util.Arrays.copyOfRange(f[s], n, n + m);
        }
        INDArray ft = Nd4j.createFromArray(tail);
        INDArray sampleMean = ft.mean(0);
        INDArray centred = ft.subRowVector(sampleMean);
        INDArray sampleCov = centred.transpose().mmul(centred).divi(samples - 1);
        InfiniteWidthEnsemble e = InfiniteWidthEnsemble.of(LIMITS, X, Y, eta);
        double scale = e.covariance(TEST, time).amaxNumber().doubleValue();
        assertClose(sampleMean, e.mean(TEST, time), 0, 0.08 * Math.sqrt(scale));
        assertClose(sampleCov, e.covariance(TEST, time), 0, 0.08 * scale);
    }

    /**
     * Targets [N, 3]: one eigendecomposition for all columns. Independent routes: three single-column ensembles, and
     * at t = infinity the explicit LU inverse of Theta(X, X).
     */
    @Test
    void multiOutputTargetsEqualSeparateSingleOutputRuns() {
        INDArray y3 = Nd4j.concat(1, Y.reshape(4, 1), Y.mul(-2).addi(0.1).reshape(4, 1), Nd4j.createFromArray(0.5, -0.1, 0.2, 0.7).reshape(4, 1));
        InfiniteWidthEnsemble e = InfiniteWidthEnsemble.of(LIMITS, X, y3, 0.8);
        assertThat(e.outputs()).isEqualTo(3);
        for (double t : new double[] {0.5, 4, Double.POSITIVE_INFINITY}) {
            INDArray mean = e.mean(TEST, t);
            assertThat(mean.shape()).containsExactly(6, 3);
            for (int c = 0; c < 3; c++) {
                INDArray single = InfiniteWidthEnsemble.of(LIMITS, X, y3.getColumn(c).dup(), 0.8).mean(TEST, t);
                assertClose(mean.getColumn(c).dup(), single, 1e-12, 1e-14);
            }
        }
        INDArray inv = InvertMatrix.invert(LIMITS.ntk().gram(X), false);
        assertClose(e.mean(TEST), LIMITS.ntk().gram(TEST, X).mmul(inv).mmul(y3), 1e-10, 1e-12);
        assertClose(e.mean(X), y3, 1e-10, 1e-12);
    }

    /** The O(M N^2) variances equal the diagonal of the full covariance at several times. */
    @Test
    void variancesAreTheDiagonalOfTheCovariance() {
        InfiniteWidthEnsemble e = InfiniteWidthEnsemble.of(LIMITS, X, Y, 1.0);
        for (double t : new double[] {0, 0.5, 4, Double.POSITIVE_INFINITY}) {
            assertClose(e.variance(TEST, t), Nd4j.diag(e.covariance(TEST, t)), 1e-10, 1e-13);
        }
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, X, Nd4j.createFromArray(1.0, 2.0), 1.0)).hasMessageContaining("y has shape [2]");
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, X, Nd4j.zeros(3, 2), 1.0)).hasMessageContaining("y has shape [3, 2]");
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, X, Y, 1.0).mean(circle(0.0).reshape(1, 2).repeat(1, 2)))
                .hasMessageContaining("test has shape [1, 4]: expected [N, 2], the per-point shape of the training points x");
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, X, Y, -1.0)).hasMessageContaining("learningRate = -1.0");
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, X, Y, 1.0).mean(TEST, -2)).hasMessageContaining("time = -2.0");
        assertThatThrownBy(() -> InfiniteWidthEnsemble.of(LIMITS, Nd4j.concat(0, X, X.getRows(0)), Nd4j.createFromArray(1.0, 2, 3, 4, 1), 1.0))
                .hasMessageContaining("Theta(X, X)");
    }
}
