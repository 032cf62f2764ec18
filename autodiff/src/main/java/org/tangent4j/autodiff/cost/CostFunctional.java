package org.tangent4j.autodiff.cost;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A cost functional C(f) on the outputs of a network at N points, written once as a SameDiff expression of the
 * outputs f(X) ([N, k]) and the targets y ([N, k]). From it {@link CompiledCost} derives, by automatic
 * differentiation, the value, the dual d = N dC/df of the functional derivative with respect to
 * &lt;f, g&gt;_p_in = (1/N) sum_i f(x_i)^T g(x_i), the parameter gradient (chain rule) and the kernel gradient.
 *
 * <p>A new cost is a few lines, for example the pinball (quantile) loss:
 * <pre>{@code
 * CostFunctional quantile = (sd, f, y) -> {
 *     SDVariable r = y.sub(f);
 *     return sd.math.max(r.mul(tau), r.mul(tau - 1)).mean();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface CostFunctional {

    /**
     * Builds C in {@code sd}.
     *
     * @param sd the graph to build in
     * @param f the outputs, [N, k]
     * @param y the targets, [N, k]
     * @return the scalar C
     */
    SDVariable define(SameDiff sd, SDVariable f, SDVariable y);

    /**
     * The curvature bound: an upper bound L on the second derivative of N C with respect to one output (sup c'' of the
     * pointwise loss: 1 for the squared loss, 1/4 for the logistic loss), if known. Training uses it to refuse, before the first step, a learning rate eta with
     * eta L lambda_max(Theta) / N &gt; 2, for which the linearized dynamics diverge. Empty by default.
     */
    default java.util.OptionalDouble curvatureBound() {
        return java.util.OptionalDouble.empty();
    }
}
