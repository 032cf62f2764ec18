package org.tangent4j.core.functional;

import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.linalg.SymmetricEigen;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * C(f) = sum_i c(f(x_i), y_i). By the chain rule and grad E_{x_i} = k(x_i, .):
 * grad C(f) = sum_i c'(f(x_i), y_i) k(x_i, .), an element with centres x_i and coefficients c'(f(x_i), y_i).
 * Its Hessian sum_i c''(f(x_i), y_i) k(x_i, .) (x) k(x_i, .) has norm &lt;= sup c'' lambda_max(K(X, X)).
 */
public final class EmpiricalCost implements Functional {

    private final PointwiseLoss loss;
    private final INDArray points;
    private final double[] targets;

    public EmpiricalCost(PointwiseLoss loss, INDArray points, INDArray targets) {
        if (loss == null) {
            throw new IllegalArgumentException("loss = null: expected a PointwiseLoss");
        }
        this.loss = loss;
        this.points = Checks.finiteMatrix("points", points).dup('c');
        this.targets = Matrices.vector("targets", targets, this.points.rows(), "one per row of points").toDoubleVector();
    }

    @Override
    public double value(RkhsFunction f) {
        double[] p = f.apply(points).toDoubleVector();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += loss.value(p[i], targets[i]);
        }
        return s;
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        double[] p = f.apply(points).toDoubleVector();
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = loss.derivative(p[i], targets[i]);
        }
        return RkhsFunction.of(f.kernel(), points, Nd4j.createFromArray(d));
    }

    @Override
    public OptionalDouble smoothness(Kernel kernel) {
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
