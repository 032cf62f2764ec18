package org.tangent4j.core.gp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.Matrices;

/**
 * A Gaussian process prior f ~ GP(m, k): for any points X, f(X) ~ N(m(X), K(X, X)). Immutable.
 *
 * @param mean m
 * @param kernel k (the covariance function)
 */
public record GaussianProcess(MeanFunction mean, Kernel kernel) {

    public GaussianProcess {
        if (mean == null || kernel == null) {
            throw new IllegalArgumentException("mean = " + mean + ", kernel = " + kernel + ": expected both");
        }
    }

    /** GP(0, k). */
    public static GaussianProcess zeroMean(Kernel kernel) {
        return new GaussianProcess(MeanFunction.zero(), kernel);
    }

    /** m(X), [N]. */
    public INDArray meanAt(INDArray x) {
        INDArray m = Checks.finiteMatrix("x", x);
        return Matrices.vector("mean(x)", mean.at(m), m.rows(), "one value per row of x");
    }

    /** K(X, X), [N, N]. */
    public INDArray covariance(INDArray x) {
        return kernel.gram(x);
    }

    /** The joint prior of f(X) and f(X*). */
    public JointDistribution joint(INDArray train, INDArray test) {
        INDArray x = Checks.finiteMatrix("train", train);
        INDArray xs = Checks.finiteMatrix("test", test);
        Checks.columns("test", xs, x.columns(), "the input dimension d of train");
        return new JointDistribution(meanAt(x), meanAt(xs), kernel.gram(x), kernel.gram(x, xs), kernel.gram(xs));
    }

    /**
     * Conditions on observations y = f(X) + eps, eps ~ N(0, sigma^2 I): one Cholesky of K(X, X) + (sigma^2 + j) I.
     *
     * @param train X, [N, d]
     * @param targets y, [N] (one output) or [N, k] (k outputs, one factorisation for all)
     * @param noiseVariance sigma^2 &gt;= 0
     * @param jitter j &gt;= 0, added to the diagonal on top of the noise and reported (default 0: none)
     */
    public Posterior condition(INDArray train, INDArray targets, double noiseVariance, double jitter) {
        return new Posterior(this, train, targets, noiseVariance, jitter);
    }

    /** {@link #condition(INDArray, INDArray, double, double)} with jitter 0. */
    public Posterior condition(INDArray train, INDArray targets, double noiseVariance) {
        return condition(train, targets, noiseVariance, 0);
    }

    /**
     * Seeded functions from the prior at the rows of x: draws of N(m(X), K(X, X) + j I), one per row of the result.
     *
     * @param count number of functions
     * @param seed seed of java.util.Random: the same seed gives the same functions
     * @param jitter j &gt;= 0 (K(X, X) of many points is often numerically singular; try 1e-10 v)
     * @return [count, N]
     */
    public INDArray sample(INDArray x, int count, long seed, double jitter) {
        INDArray m = meanAt(x);
        return Gaussians.sample(m, kernel.gram(x), count, seed, jitter, "K(x, x)");
    }
}
