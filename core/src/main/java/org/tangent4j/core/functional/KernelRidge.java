package org.tangent4j.core.functional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
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
 *
 * <p>Targets may be [n] (one output) or [n, k] (k outputs, each its own ridge problem with the same kernel): one
 * Cholesky factorisation of K + lambda I then solves all k columns ({@link #coefficients}, {@link #solveEach}).
 */
public final class KernelRidge {

    private final INDArray points;
    private final INDArray targets;
    private final double lambda;
    private final boolean vector;

    /**
     * @param points x_i as rows, [n, d]
     * @param targets y_i, [n] (one output) or [n, k] (k outputs)
     * @param lambda lambda &gt;= 0
     */
    public KernelRidge(INDArray points, INDArray targets, double lambda) {
        this.points = Checks.finiteMatrix("points", points).dup('c');
        this.targets = Checks.targets("targets", targets, this.points.rows(), "one row per row of points");
        this.vector = targets.rank() == 1;
        this.lambda = Checks.nonNegative("lambda", lambda);
    }

    /** L(f) = sum_i (y_i - f(x_i))^2 + lambda ||f||^2 as a {@link Functional} (one output only). */
    public Functional objective() {
        // PointwiseLoss.squared() is (p - y)^2 / 2: twice the empirical cost is sum_i (y_i - f(x_i))^2
        return Functional.empirical(PointwiseLoss.squared(), points, singleOutput("objective()")).times(2)
                .plus(Functional.squaredNorm().times(lambda));
    }

    /** The closed-form minimiser f* = sum_i beta_i k(x_i, .), beta = (K + lambda I)^-1 y (Cholesky solve; one output only). */
    public RkhsFunction solve(Kernel kernel) {
        INDArray y = singleOutput("solve(kernel)");
        return RkhsFunction.of(kernel, points, coefficients(kernel).reshape(y.length()));
    }

    /**
     * The ridge coefficients B = (K + lambda I)^-1 Y of every output, one Cholesky factorisation and one LAPACK solve
     * with k right-hand sides: [n] for targets [n], [n, k] for targets [n, k].
     */
    public INDArray coefficients(Kernel kernel) {
        long n = points.rows();
        Memory.requireNative("the Gram matrix K(points, points) [" + n + ", " + n + "]", Memory.doubles("K", n, n), "use fewer points");
        INDArray k = kernel.gram(points);
        Matrices.addToDiagonal(k, lambda);
        INDArray beta = Cholesky.ofInPlace("K + lambda I", k, 0).solve(targets);
        return vector ? beta.reshape(n) : beta;
    }

    /** The minimiser of every output, f*_c = sum_i B_ic k(x_i, .), from one factorisation ({@link #coefficients}). */
    public java.util.List<RkhsFunction> solveEach(Kernel kernel) {
        INDArray beta = coefficients(kernel);
        INDArray b = vector ? beta.reshape(beta.length(), 1) : beta;
        java.util.List<RkhsFunction> out = new java.util.ArrayList<>();
        for (int c = 0; c < b.columns(); c++) {
            out.add(RkhsFunction.of(kernel, points, b.getColumn(c).dup()));
        }
        return java.util.List.copyOf(out);
    }

    /** k, the number of outputs (columns of the targets; 1 for targets [n]). */
    public int outputs() {
        return (int) targets.columns();
    }

    private INDArray singleOutput(String method) {
        if (targets.columns() != 1) {
            throw new IllegalArgumentException("targets has shape [" + targets.rows() + ", " + targets.columns() + "]: " + method
                    + " expected one output; use coefficients(kernel) or solveEach(kernel) for several");
        }
        return targets.reshape(targets.rows());
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
