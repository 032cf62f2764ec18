package org.tangent4j.core.functional;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The linear model in parameter space: f(x) = w^T x with L(w) = sum_i (y_i - w^T x_i)^2 + lambda |w|^2
 * (lambda = 1 in the examples), gradient grad L(w) = 2 X^T (X w - y) + 2 lambda w, steps w &lt;- w - alpha grad L(w).
 *
 * <p>With w_0 = X^T beta_0 it traces the same functions as functional gradient descent with the linear kernel
 * k(x, x') = x^T x' on the same loss: w_t = X^T beta_t and w_t^T x = f_t(x) at every step. The Hessian is
 * 2 (X^T X + lambda I); stable steps are alpha &lt; 1 / (lambda_max(X^T X) + lambda).
 */
public final class LinearModelGradientDescent {

    private final INDArray x;
    private final INDArray y;
    private final double lambda;

    /**
     * @param points X, [n, d]
     * @param targets y, [n]
     * @param lambda lambda &gt;= 0
     */
    public LinearModelGradientDescent(INDArray points, INDArray targets, double lambda) {
        this.x = Checks.finiteMatrix("points", points).dup('c');
        this.y = Matrices.vector("targets", targets, x.rows(), "one per row of points").reshape(x.rows(), 1);
        this.lambda = Checks.nonNegative("lambda", lambda);
    }

    /** L(w) = |y - X w|^2 + lambda |w|^2. */
    public double loss(INDArray w) {
        INDArray r = y.sub(x.mmul(column(w)));
        return r.mul(r).sumNumber().doubleValue() + lambda * column(w).mul(column(w)).sumNumber().doubleValue();
    }

    /** grad L(w) = 2 X^T (X w - y) + 2 lambda w, [d]. */
    public INDArray gradient(INDArray w) {
        INDArray wc = column(w);
        return x.transpose().mmul(x.mmul(wc).subi(y)).muli(2).addi(wc.mul(2 * lambda)).reshape(x.columns());
    }

    /** The largest eigenvalue of the Hessian 2 (X^T X + lambda I). */
    public double hessianLargestEigenvalue() {
        return 2 * (SymmetricEigen.largestEigenvalue("X^T X", x.transpose().mmul(x)) + lambda);
    }

    /**
     * Runs T steps from w_0.
     *
     * @param w0 w_0, [d]
     * @param step alpha, 0 &lt; alpha &lt; 2 / lambda_max(Hessian) (refused otherwise, before iterating)
     * @param steps T &gt;= 0
     * @return the weights w_0..w_T and losses L(w_0)..L(w_T)
     */
    public Path run(INDArray w0, double step, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + ": expected an integer >= 0");
        }
        StepSize.check(step, hessianLargestEigenvalue(), "the Hessian 2 (X^T X + lambda I)");
        INDArray w = column(w0).reshape(x.columns());
        List<INDArray> weights = new ArrayList<>(steps + 1);
        double[] losses = new double[steps + 1];
        weights.add(w);
        losses[0] = loss(w);
        StepSize.requireFinite(losses[0], 0, step);
        for (int t = 1; t <= steps; t++) {
            w = w.sub(gradient(w).muli(step));
            weights.add(w);
            losses[t] = loss(w);
            StepSize.requireFinite(losses[t], t, step);
        }
        return new Path(weights, losses);
    }

    private INDArray column(INDArray w) {
        return Matrices.vector("w", w, x.columns(), "one weight per input dimension d").reshape(x.columns(), 1);
    }

    /** The zero weight vector, [d]. */
    public INDArray zeroWeights() {
        return Nd4j.zeros(DataType.DOUBLE, x.columns());
    }

    /**
     * Weights and losses per step. Immutable: the weight vectors ([d] each) are copied on the way in and out.
     *
     * @param weights w_0 ... w_T, each [d]
     * @param losses L(w_0) ... L(w_T)
     */
    public record Path(List<INDArray> weights, double[] losses) {
        public Path {
            weights = weights.stream().map(INDArray::dup).toList();
            losses = losses.clone();
        }

        /** w_0 ... w_T (copies). */
        @Override
        public List<INDArray> weights() {
            return weights.stream().map(INDArray::dup).toList();
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }
    }
}
