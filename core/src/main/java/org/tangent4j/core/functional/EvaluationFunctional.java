package org.tangent4j.core.functional;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * E_x[f] = f(x). E_x[f + h] = f(x) + h(x) = E_x[f] + &lt;k(x, .), h&gt; by the reproducing property, so
 * grad E_x[f] = k(x, .) for every f; E_x is linear, its Hessian is 0.
 */
public record EvaluationFunctional(double[] point) implements Functional {

    public EvaluationFunctional {
        Objects.requireNonNull(point, "point = null: expected a point of length d >= 1");
        if (point.length == 0) {
            throw new IllegalArgumentException("point = " + Arrays.toString(point) + ": expected a point of length d >= 1");
        }
        for (int i = 0; i < point.length; i++) {
            if (!Double.isFinite(point[i])) {
                throw new IllegalArgumentException("point contains " + point[i] + " at [" + i + "]: expected finite values");
            }
        }
        point = point.clone();
    }

    /** x (a copy). */
    @Override
    public double[] point() {
        return point.clone();
    }

    @Override
    public double value(RkhsFunction f) {
        return f.value(point);
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        if (f.dimension() != point.length) {
            throw new IllegalArgumentException("f has input dimension " + f.dimension() + ": expected d = " + point.length
                    + " (the dimension of the evaluation point)");
        }
        return RkhsFunction.representer(f.kernel(), point);
    }

    @Override
    public OptionalDouble curvatureBound(Kernel kernel) {
        return OptionalDouble.of(0);
    }

    @Override
    public String toString() {
        return "E_x[x=" + Arrays.toString(point) + "]";
    }
}
