package org.tangent4j.core.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.linalg.NotPositiveDefiniteException;

class GaussianProcessTest {

    private static final RbfKernel K = new RbfKernel(1.5, 0.8);
    private static final GaussianProcess PRIOR = new GaussianProcess(MeanFunction.constant(0.3), K);
    private static final INDArray X = gaussian(51, 12, 2);
    private static final INDArray Y = gaussian(52, 12, 1).reshape(12);
    private static final INDArray XS = gaussian(53, 5, 2);
    private static final double NOISE = 0.05;

    @Test
    void posteriorMeanAndCovarianceMatchTheDirectFormula() {
        Posterior post = PRIOR.condition(X, Y, NOISE);
        // Independent route: the textbook formulas with an explicit LU inverse of K + sigma^2 I (cond ~ 1e2 here,
        // so agreement to ~1e-13; tolerance 1e-10).
        INDArray inv = InvertMatrix.invert(K.gram(X).add(Nd4j.eye(12).castTo(DataType.DOUBLE).mul(NOISE)), false);
        INDArray ksx = K.gram(XS, X);
        INDArray r = Y.sub(0.3).reshape(12, 1);
        INDArray mean = ksx.mmul(inv).mmul(r).reshape(5).add(0.3);
        INDArray cov = K.gram(XS).sub(ksx.mmul(inv).mmul(ksx.transpose()));
        assertClose(post.mean(XS), mean, 1e-10, 1e-10);
        assertClose(post.covariance(XS), cov, 1e-10, 1e-10);
        assertClose(post.variance(XS), Nd4j.diag(cov), 1e-10, 1e-10);
        assertThat(post.factorisation().jitter()).isZero();
    }

    /**
     * Targets [N, 3]: one factorisation for all columns. Independent routes: three single-column posteriors (each its
     * own Cholesky), and the direct formula with an explicit LU inverse; the log likelihood is the sum of the three.
     */
    @Test
    void multiOutputTargetsEqualSeparateSingleOutputRunsAndTheDirectFormula() {
        INDArray y3 = gaussian(55, 12, 3);
        Posterior post = PRIOR.condition(X, y3, NOISE);
        INDArray mean = post.mean(XS);
        assertThat(mean.shape()).containsExactly(5, 3);
        assertThat(post.outputs()).isEqualTo(3);
        INDArray inv = InvertMatrix.invert(K.gram(X).add(Nd4j.eye(12).castTo(DataType.DOUBLE).mul(NOISE)), false);
        INDArray direct = K.gram(XS, X).mmul(inv).mmul(y3.sub(0.3)).add(0.3);
        assertClose(mean, direct, 1e-10, 1e-10);
        double logLik = 0;
        for (int c = 0; c < 3; c++) {
            Posterior single = PRIOR.condition(X, y3.getColumn(c).dup(), NOISE);
            assertClose(mean.getColumn(c).dup(), single.mean(XS), 1e-12, 1e-14);
            logLik += single.logMarginalLikelihood();
        }
        assertClose(post.logMarginalLikelihood(), logLik, 1e-12, 1e-12);
        assertClose(post.covariance(XS), PRIOR.condition(X, Y, NOISE).covariance(XS), 0, 0);
        // Samples [count, M, k]: each output's draws centre on its own mean (5 standard errors, fixed seed).
        int s = 4000;
        INDArray draws = post.sample(XS, s, 7, 0);
        assertThat(draws.shape()).containsExactly(s, 5, 3);
        INDArray sd = post.variance(XS);
        INDArray avg = draws.mean(0);
        for (int i = 0; i < 5; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(Math.abs(avg.getDouble(i, c) - mean.getDouble(i, c))).isLessThan(5 * Math.sqrt(sd.getDouble(i) / s));
            }
        }
    }

    @Test
    void logMarginalLikelihoodIsTheGaussianDensityOfTheTargets() {
        Posterior post = PRIOR.condition(X, Y, NOISE);
        // Independent route: Commons Math's multivariate normal density of y under N(m, K + sigma^2 I).
        double[][] cov = K.gram(X).add(Nd4j.eye(12).castTo(DataType.DOUBLE).mul(NOISE)).toDoubleMatrix();
        double[] mean = new double[12];
        java.util.Arrays.fill(mean, 0.3);
        double expected = Math.log(new MultivariateNormalDistribution(mean, cov).density(Y.toDoubleVector()));
        assertClose(post.logMarginalLikelihood(), expected, 1e-10, 1e-10);
    }

    @Test
    void jointDistributionStacksTheKernelBlocks() {
        JointDistribution joint = PRIOR.joint(X, XS);
        INDArray both = Nd4j.vstack(X, XS);
        // One Gram matrix of the 17 stacked points is the independent route (same kernel, one call).
        assertClose(joint.covariance(), K.gram(both), 1e-14, 1e-14);
        assertClose(joint.mean(), Nd4j.valueArrayOf(new long[] {17}, 0.3, DataType.DOUBLE), 0, 0);
    }

    @Test
    void posteriorSamplesHaveThePosteriorMeanAndCovariance() {
        Posterior post = PRIOR.condition(X, Y, NOISE);
        INDArray xs = gaussian(54, 4, 2);
        int s = 20_000;
        INDArray draws = post.sample(xs, s, 99, 0);
        assertThat(draws.shape()).containsExactly(s, 4);
        INDArray mean = post.mean(xs);
        INDArray cov = post.covariance(xs);
        INDArray centred = draws.subRowVector(draws.mean(0));
        INDArray empirical = centred.transpose().mmul(centred).divi(s - 1);
        double[][] c = cov.toDoubleMatrix();
        double[] m = draws.mean(0).toDoubleVector();
        for (int i = 0; i < 4; i++) {
            // Standard error of a sample mean: sqrt(c_ii / S); of a sample covariance: sqrt((c_ii c_jj + c_ij^2) / S).
            // 5 standard errors: a false alarm has probability ~1e-6 per entry (and the seed is fixed).
            assertThat(Math.abs(m[i] - mean.getDouble(i))).isLessThan(5 * Math.sqrt(c[i][i] / s));
            for (int j = 0; j < 4; j++) {
                double se = Math.sqrt((c[i][i] * c[j][j] + c[i][j] * c[i][j]) / s);
                assertThat(Math.abs(empirical.getDouble(i, j) - c[i][j])).as("cov[%d][%d]", i, j).isLessThan(5 * se);
            }
        }
    }

    @Test
    void priorSamplesAreReproducibleFromASeed() {
        INDArray a = PRIOR.sample(XS, 3, 7, 1e-12);
        INDArray b = PRIOR.sample(XS, 3, 7, 1e-12);
        INDArray c = PRIOR.sample(XS, 3, 8, 1e-12);
        assertClose(a, b, 0, 0);
        assertThat(a.sub(c).norm2Number().doubleValue()).isGreaterThan(0.1);
        // The first draw does not depend on how many are asked for.
        assertClose(PRIOR.sample(XS, 1, 7, 1e-12).getRow(0), a.getRow(0), 0, 0);
    }

    @Test
    void badInputNamesArgumentAndValue() {
        assertThatThrownBy(() -> PRIOR.condition(X, Y, -0.1)).hasMessageContaining("noiseVariance = -0.1");
        assertThatThrownBy(() -> PRIOR.condition(X, Y, 0.1, -1e-9)).hasMessageContaining("jitter = -1.0E-9");
        assertThatThrownBy(() -> PRIOR.condition(X, Y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)), 0.1))
                .hasMessageContaining("targets has shape [10]").hasMessageContaining("expected [12] or [12, k]");
        // A [N, k] target with the wrong N is reported with its own shape, not flattened.
        assertThatThrownBy(() -> PRIOR.condition(X, gaussian(7, 6, 2), 0.1)).hasMessageContaining("targets has shape [6, 2]");
        INDArray nan = Y.dup();
        nan.putScalar(4, Double.NaN);
        assertThatThrownBy(() -> PRIOR.condition(X, nan, 0.1)).hasMessageContaining("targets contains NaN at [4]");
        Posterior post = PRIOR.condition(X, Y, 0.1);
        assertThatThrownBy(() -> post.mean(gaussian(1, 3, 3))).hasMessageContaining("test has 3 columns").hasMessageContaining("expected 2");
        assertThatThrownBy(() -> post.sample(XS, 0, 1, 0)).hasMessageContaining("count = 0");
        // Duplicate training points without noise: K is singular, named with its size and the failing minor.
        INDArray dup = Nd4j.vstack(X, X.getRow(0).reshape(1, 2));
        INDArray y13 = Nd4j.concat(0, Y, Nd4j.createFromArray(0.0));
        assertThatThrownBy(() -> PRIOR.condition(dup, y13, 0))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("K(train, train) + noiseVariance I (noiseVariance = 0.0) (13 x 13)")
                .hasMessageContaining("jitter tried: 0.0");
        // The same data with explicit jitter factorises and reports it.
        assertThat(PRIOR.condition(dup, y13, 0, 1e-8).factorisation().jitter()).isEqualTo(1e-8);
    }
}
