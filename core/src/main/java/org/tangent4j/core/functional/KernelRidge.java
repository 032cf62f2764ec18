package org.tangent4j.core.functional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.linalg.SymmetricEigen;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * Kernel ridge regression as the minimiser of L(f) = sum_i (y_i - f(x_i))^2 + lambda ||f||^2 (no 1/2, no 1/n).
 *
 * <p>grad L(f) = sum_i 2 (f(x_i) - y_i) k(x_i, .) + 2 lambda f. With f = sum_j beta_j k(x_j, .) this is
 * sum_i 2 [(K beta)_i - y_i + lambda beta_i] k(x_i, .), which vanishes for (K + lambda I) beta = y: the ridge
 * solution beta = (K + lambda I)^-1 y. One gradient step maps beta to beta - 2 alpha ((K + lambda I) beta - y);
 * the Hessian operator is 2 (S*S + lambda I) with S f = (f(x_i))_i, whose largest eigenvalue on the span of the
 * k(x_i, .) is 2 (lambda_max(K) + lambda). Gradient descent converges iff
 * alpha &lt; 2 / (2 (lambda_max(K) + lambda)) = 1 / (lambda_max(K) + lambda).
 */
public final class KernelRidge {

    private final INDArray points;
    private final INDArray targets;
    private final double lambda;

    /**
     * @param points x_i as rows, [n, d]
     * @param targets y_i, [n]
     * @param lambda lambda &gt;= 0
     */
    public KernelRidge(INDArray points, INDArray targets, double lambda) {
        this.points = Checks.finiteMatrix("points", points).dup('c');
        this.targets = Matrices.vector("targets", targets, this.points.rows(), "one per row of points");
        this.lambda = Checks.nonNegative("lambda", lambda);
    }

    /** L(f) = sum_i (y_i - f(x_i))^2 + lambda ||f||^2 as a {@link Functional}. */
    public Functional objective() {
        // PointwiseLoss.squared() is (p - y)^2 / 2: twice the empirical cost is sum_i (y_i - f(x_i))^2
        return Functional.empirical(PointwiseLoss.squared(), points, targets).times(2)
                .plus(Functional.squaredNorm().times(lambda));
    }

    /** The closed-form minimiser f* = sum_i beta_i k(x_i, .), beta = (K + lambda I)^-1 y (Cholesky solve). */
    public RkhsFunction solve(Kernel kernel) {
        INDArray k = kernel.gram(points);
        Matrices.addToDiagonal(k, lambda);
        INDArray beta = Cholesky.ofInPlace("K + lambda I", k, 0).solve(targets);
        return RkhsFunction.of(kernel, points, beta);
    }

    /** lambda_max of the Hessian operator, 2 (lambda_max(K) + lambda). */
    public double hessianLargestEigenvalue(Kernel kernel) {
        return 2 * (SymmetricEigen.largestEigenvalue("K(points, points)", kernel.gram(points)) + lambda);
    }

    /** The largest stable step 2 / lambda_max(Hessian) = 1 / (lambda_max(K) + lambda) (exclusive). */
    public double stabilityBound(Kernel kernel) {
        return 2 / hessianLargestEigenvalue(kernel);
    }

    /** The x_i, [n, d] (a copy). */
    public INDArray points() {
        return points.dup();
    }

    /** lambda. */
    public double lambda() {
        return lambda;
    }
}
