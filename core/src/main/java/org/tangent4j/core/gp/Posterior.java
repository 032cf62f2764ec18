package org.tangent4j.core.gp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;

/**
 * The posterior of a GP prior GP(m, k) given y = f(X) + eps, eps ~ N(0, sigma^2 I), for one output (targets [N]) or
 * k independent outputs sharing the prior (targets [N, k], one column per output). With
 * A = K(X, X) + (sigma^2 + j) I = L L^T (factorised once for all k columns) and alpha = A^-1 (Y - m(X)) ([N, k], one
 * LAPACK solve with k right-hand sides):
 * <ul>
 *   <li>mean(X*) = m(X*) + K(X*, X) alpha ([M] for targets [N], [M, k] for targets [N, k])</li>
 *   <li>cov(X*) = K(X*, X*) - V^T V with V = L^-1 K(X, X*) (the same for every output)</li>
 *   <li>log p(Y | X) = sum over columns c of -1/2 (y_c - m)^T alpha_c - sum_i log L_ii - N/2 log(2 pi)</li>
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
    private final boolean vector;

    Posterior(GaussianProcess prior, INDArray train, INDArray targets, double noiseVariance, double jitter) {
        this.prior = prior;
        this.train = Checks.finiteMatrix("train", train).dup('c');
        INDArray y = Checks.targets("targets", targets, this.train.rows(), "one row per row of train");
        this.vector = targets.rank() == 1;
        this.noiseVariance = Checks.nonNegative("noiseVariance", noiseVariance);
        Checks.nonNegative("jitter", jitter);
        Memory.requireNative("the Gram matrix K(train, train) [" + this.train.rows() + ", " + this.train.rows() + "]",
                Memory.doubles("K(train, train)", this.train.rows(), this.train.rows()), "use fewer training points");
        this.residual = y.subiColumnVector(prior.meanAt(this.train).reshape(y.rows(), 1));
        INDArray a = prior.kernel().gram(this.train);
        Matrices.addToDiagonal(a, noiseVariance);
        this.chol = Cholesky.ofInPlace("K(train, train) + noiseVariance I (noiseVariance = " + noiseVariance + ")", a, jitter);
        this.alpha = chol.solve(residual);
    }

    /** The posterior mean m(X*) + K(X*, X) alpha: [M] for targets [N], [M, k] for targets [N, k]. */
    public INDArray mean(INDArray test) {
        INDArray xs = testPoints(test);
        INDArray m = prior.kernel().gram(xs, train).mmul(alpha).addiColumnVector(prior.meanAt(xs).reshape(xs.rows(), 1));
        return vector ? m.reshape(xs.rows()) : m;
    }

    /** k, the number of outputs (columns of the targets; 1 for targets [N]). */
    public int outputs() {
        return (int) alpha.columns();
    }

    /**
     * The posterior covariance K(X*, X*) - V^T V, V = L^-1 K(X, X*), [M, M]; V^T V by one dsyrk, so it is symmetric
     * to the last bit.
     */
    public INDArray covariance(INDArray test) {
        INDArray xs = testPoints(test);
        INDArray v = lowerSolve(xs);
        INDArray vtv = Matrices.columnGram(v);
        v.close();
        return prior.kernel().gram(xs).subi(vtv);
    }

    /**
     * V = L^-1 K(X, X*), [N, M] column-major. K(X*, X) row-major is K(X, X*) column-major, so the triangular solve's
     * copy of its right-hand sides is a contiguous one.
     */
    private INDArray lowerSolve(INDArray xs) {
        INDArray k = prior.kernel().gram(xs, train);
        return chol.solveLower(k.transpose());
    }

    /** The posterior variances diag(cov(X*)) = k(x*, x*) - |V_col|^2 without forming the M x M matrix, [M]. */
    public INDArray variance(INDArray test) {
        INDArray xs = testPoints(test);
        INDArray v = lowerSolve(xs);
        INDArray squares = v.muli(v).sum(0);
        v.close();
        return prior.kernel().diagonal(xs).subi(squares);
    }

    /**
     * log p(Y | X) = sum_c [-1/2 (y_c - m)^T A^-1 (y_c - m)] - k/2 log det A - k N/2 log(2 pi), the k outputs being
     * independent draws from the same prior (for one output, the usual log marginal likelihood).
     */
    public double logMarginalLikelihood() {
        double fit = residual.mul(alpha).sumNumber().doubleValue();
        return -0.5 * fit - 0.5 * outputs() * chol.logDeterminant() - 0.5 * residual.length() * Math.log(2 * Math.PI);
    }

    /**
     * Seeded functions from the posterior at the rows of X*: draws of N(mean(X*), cov(X*) + j I), each output
     * drawn independently (they share the covariance).
     *
     * @param jitter j &gt;= 0 (a posterior covariance at or near the training points is nearly singular)
     * @return [count, M] for targets [N]; [count, M, k] for targets [N, k]
     */
    public INDArray sample(INDArray test, int count, long seed, double jitter) {
        INDArray mean = mean(test);
        if (vector) {
            return Gaussians.sample(mean, covariance(test), count, seed, jitter, "posterior covariance(test)");
        }
        long m = mean.rows();
        int k = outputs();
        INDArray z = Gaussians.sample(Nd4j.zeros(DataType.DOUBLE, m), covariance(test), Math.multiplyExact(count, k), seed, jitter,
                "posterior covariance(test)");                             // [count k, M], row s k + c
        INDArray draws = z.reshape(count, k, m).permute(0, 2, 1).dup('c'); // [count, M, k]
        for (int s = 0; s < count; s++) {
            draws.slice(s).addi(mean);
        }
        return draws;
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
