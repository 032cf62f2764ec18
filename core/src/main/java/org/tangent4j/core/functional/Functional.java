package org.tangent4j.core.functional;

import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * A functional L : H_k -&gt; R with its functional derivative: grad L(f) is the element of H_k with
 * L(f + h) = L(f) + &lt;grad L(f), h&gt; + o(||h||) (the coefficient of the linear term of the Taylor expansion).
 */
public interface Functional {

    /** L(f). */
    double value(RkhsFunction f);

    /** grad L(f), an element of the same RKHS as f. */
    RkhsFunction gradient(RkhsFunction f);

    /**
     * An upper bound on the spectral radius of the Hessian operator of L on H_k (the Lipschitz constant of the
     * gradient), when one is known; gradient descent with step alpha is stable for alpha &lt; 2 / bound.
     * Empty when no bound is known (for example after composition with an arbitrary scalar function).
     */
    default OptionalDouble curvatureBound(Kernel kernel) {
        return OptionalDouble.empty();
    }

    /** L + M: value L(f) + M(f), gradient grad L(f) + grad M(f). */
    default Functional plus(Functional other) {
        return new SumFunctional(this, other);
    }

    /** s L: value s L(f), gradient s grad L(f). */
    default Functional times(double s) {
        return new ScaledFunctional(this, s);
    }

    /** The chain rule: g(L(f)) with gradient g'(L(f)) grad L(f); {@code derivative} must be g'. */
    default Functional compose(DoubleUnaryOperator g, DoubleUnaryOperator derivative) {
        return new ComposedFunctional(this, g, derivative);
    }

    /** The evaluation functional E_x[f] = f(x), gradient k(x, .). */
    static Functional evaluation(double... point) {
        return new EvaluationFunctional(point);
    }

    /** ||f||^2, gradient 2 f. */
    static Functional squaredNorm() {
        return new SquaredNorm();
    }

    /**
     * The empirical cost sum_i c(f(x_i), y_i) with gradient sum_i c'(f(x_i), y_i) k(x_i, .).
     *
     * @param points x_i as rows, [n, d]
     * @param targets y_i, [n]
     */
    static Functional empirical(PointwiseLoss loss, INDArray points, INDArray targets) {
        return new EmpiricalCost(loss, points, targets);
    }
}
