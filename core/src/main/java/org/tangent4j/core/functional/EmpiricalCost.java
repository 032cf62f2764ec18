package org.tangent4j.core.functional;

import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.linalg.SymmetricEigen;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * C(f) = sum_i c(f(x_i), y_i), a sum without 1/n (autodiff's {@code Costs} average the same c over the N points;
 * see {@link PointwiseLoss} for the one convention). By the chain rule and grad E_{x_i} = k(x_i, .):
 * grad C(f) = sum_i c'(f(x_i), y_i) k(x_i, .), an element with centres x_i and coefficients c'(f(x_i), y_i).
 * Its Hessian sum_i c''(f(x_i), y_i) k(x_i, .) (x) k(x_i, .) has norm &lt;= sup c'' lambda_max(K(X, X)).
 */
public final class EmpiricalCost implements Functional {

    private final PointwiseLoss loss;
    private final INDArray points;
    private final double[] targets;

    private final GramCache cache = new GramCache();

    public EmpiricalCost(PointwiseLoss loss, INDArray points, INDArray targets) {
        Objects.requireNonNull(loss, "loss = null: expected a PointwiseLoss");
        this.loss = loss;
        this.points = Checks.finiteMatrix("points", points).dup('c');
        this.targets = Matrices.vector("targets", targets, this.points.rows(), "one per row of points").toDoubleVector();
    }

    /** f(x_i) for every point: K(points, X_f) beta, with K from the cache when X_f and k are unchanged. */
    private double[] predictions(RkhsFunction f) {
        if (f.dimension() != points.columns()) {
            throw new IllegalArgumentException("points has " + points.columns() + " columns: expected d = " + f.dimension()
                    + " (the input dimension of f)");
        }
        INDArray k = cache.gram(points, f);
        return k.mmul(f.coefficients().reshape(f.size(), 1)).data().asDouble();
    }

    @Override
    public double value(RkhsFunction f) {
        double[] p = predictions(f);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += loss.value(p[i], targets[i]);
        }
        return s;
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        double[] p = predictions(f);
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = loss.derivative(p[i], targets[i]);
        }
        return RkhsFunction.of(f.kernel(), points, Nd4j.createFromArray(d));
    }

    @Override
    public OptionalDouble curvatureBound(Kernel kernel) {
        OptionalDouble c = loss.curvatureBound();
        if (c.isEmpty()) {
            return c;
        }
        return OptionalDouble.of(c.getAsDouble() * SymmetricEigen.largestEigenvalue("K(points, points)", kernel.gram(points)));
    }

    @Override
    public String toString() {
        return "EmpiricalCost[" + loss + ", n=" + targets.length + "]";
    }
}
