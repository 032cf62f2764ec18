package org.tangent4j.autodiff.realization;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A realization function F: theta -&gt; f_theta (Jacot et al. 2018, section 3): a parameter vector theta in R^P
 * and the function f_theta: R^d -&gt; R^k it realizes.
 *
 * <p>Conventions used by every method:
 * <ul>
 *   <li>Inputs are [N, d] float64 matrices whose rows are points; outputs are [N, k].</li>
 *   <li>The flat parameter vector theta is the concatenation, in the order of {@link #parameterNames()}, of
 *       every named parameter flattened in row-major ('c') order.</li>
 *   <li>The Jacobian dF/dtheta at X is [N*k, P]; row {@code i*k + a} holds d f_theta(x_i)_a / d theta
 *       (point-major, output-minor: the same index order as the full tangent kernel).</li>
 * </ul>
 *
 * <p>Implementations hold mutable parameters; see each implementation for its thread-safety.
 */
public interface RealizationFunction {

    /** The input dimension d. */
    int inputDim();

    /** The number of outputs k per point. */
    int outputDim();

    /** The names of the trainable parameters, in the order they occupy in theta. */
    List<String> parameterNames();

    /** The shape of one named parameter. */
    long[] parameterShape(String name);

    /** P, the total number of scalar parameters (the length of theta). */
    long parameterCount();

    /** A copy of one named parameter. */
    INDArray parameter(String name);

    /** Overwrites one named parameter in place (the graph is not copied); the shape must match. */
    void setParameter(String name, INDArray value);

    /** A copy of theta, a float64 vector of length P. */
    INDArray parameters();

    /** Overwrites theta in place from a vector of length P (layout as in the class comment). */
    void setParameters(INDArray theta);

    /** f_theta(X): [N, d] -&gt; [N, k]. */
    INDArray apply(INDArray x);

    /** The Jacobian dF/dtheta at the rows of X: [N*k, P], row i*k + a = d f(x_i)_a / d theta. */
    default INDArray jacobian(INDArray x) {
        return jacobian(x, parameterNames());
    }

    /**
     * The columns of the Jacobian that belong to the given parameters (in the given order, each flattened in
     * 'c' order): [N*k, sum of their sizes].
     */
    INDArray jacobian(INDArray x, List<String> parameters);

    /**
     * The vector-Jacobian product (dF/dtheta)^T v = sum_i sum_a v[i, a] d f(x_i)_a / d theta, a vector of length P
     * laid out like theta: the parameter gradient of any cost whose derivative with respect to the outputs is v.
     *
     * @param x [N, d] points
     * @param cotangent v, [N, k]
     */
    INDArray vjp(INDArray x, INDArray cotangent);
}
