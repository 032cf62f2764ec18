package org.tangent4j.core.gp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;

/**
 * The posterior of a GP prior GP(m, k) given y = f(X) + eps, eps ~ N(0, sigma^2 I). With
 * A = K(X, X) + (sigma^2 + j) I = L L^T (factorised once) and alpha = A^-1 (y - m(X)):
 * <ul>
 *   <li>mean(X*) = m(X*) + K(X*, X) alpha</li>
 *   <li>cov(X*) = K(X*, X*) - V^T V with V = L^-1 K(X, X*)</li>
 *   <li>log p(y | X) = -1/2 (y - m)^T alpha - sum_i log L_ii - N/2 log(2 pi)</li>
 * </ul>
 * Immutable; every query after construction costs O(N^2 M) (triangular solves), never another factorisation.
 */
public final class Posterior {

    private final GaussianProcess prior;
    private final INDArray train;
    private final INDArray residual;
    private final Cholesky chol;
    private final INDArray alpha;
    private final double noiseVariance;

    Posterior(GaussianProcess prior, INDArray train, INDArray targets, double noiseVariance, double jitter) {
        this.prior = prior;
        this.train = Checks.finiteMatrix("train", train).dup('c');
        INDArray y = Matrices.vector("targets", targets, this.train.rows(), "one per row of train");
        this.noiseVariance = Checks.nonNegative("noiseVariance", noiseVariance);
        Checks.nonNegative("jitter", jitter);
        this.residual = y.sub(prior.meanAt(this.train));
        INDArray a = prior.kernel().gram(this.train);
        Matrices.addToDiagonal(a, noiseVariance);
        this.chol = Cholesky.ofInPlace("K(train, train) + noiseVariance I (noiseVariance = " + noiseVariance + ")", a, jitter);
        this.alpha = chol.solve(residual);
    }

    /** The posterior mean m(X*) + K(X*, X) alpha, [M]. */
    public INDArray mean(INDArray test) {
        INDArray xs = testPoints(test);
        return prior.meanAt(xs).addi(prior.kernel().gram(xs, train).mmul(alpha.reshape(alpha.length(), 1)).reshape(xs.rows()));
    }

    /** The posterior covariance K(X*, X*) - V^T V, V = L^-1 K(X, X*), [M, M]. */
    public INDArray covariance(INDArray test) {
        INDArray xs = testPoints(test);
        INDArray v = chol.solveLower(prior.kernel().gram(train, xs));
        return prior.kernel().gram(xs).subi(v.transpose().mmul(v));
    }

    /** The posterior variances diag(cov(X*)) = k(x*, x*) - |V_col|^2 without forming the M x M matrix, [M]. */
    public INDArray variance(INDArray test) {
        INDArray xs = testPoints(test);
        INDArray v = chol.solveLower(prior.kernel().gram(train, xs));
        return prior.kernel().diagonal(xs).subi(v.mul(v).sum(0));
    }

    /** log p(y | X) = -1/2 (y - m)^T A^-1 (y - m) - 1/2 log det A - N/2 log(2 pi). */
    public double logMarginalLikelihood() {
        double fit = residual.reshape(1, residual.length()).mmul(alpha.reshape(alpha.length(), 1)).getDouble(0);
        return -0.5 * fit - 0.5 * chol.logDeterminant() - 0.5 * residual.length() * Math.log(2 * Math.PI);
    }

    /**
     * Seeded functions from the posterior at the rows of X*: draws of N(mean(X*), cov(X*) + j I).
     *
     * @param jitter j &gt;= 0 (a posterior covariance at or near the training points is nearly singular)
     * @return [count, M]
     */
    public INDArray sample(INDArray test, int count, long seed, double jitter) {
        return Gaussians.sample(mean(test), covariance(test), count, seed, jitter, "posterior covariance(test)");
    }

    /** sigma^2. */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** X, [N, d] (a copy). */
    public INDArray trainingPoints() {
        return train.dup();
    }

    /** The factorisation of A = K(X, X) + (sigma^2 + j) I that every query reuses. */
    public Cholesky factorisation() {
        return chol;
    }

    private INDArray testPoints(INDArray test) {
        INDArray xs = Checks.finiteMatrix("test", test);
        Checks.columns("test", xs, train.columns(), "the input dimension d of the training points");
        return xs;
    }
}
