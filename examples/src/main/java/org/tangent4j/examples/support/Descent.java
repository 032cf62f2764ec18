package org.tangent4j.examples.support;

import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.RealizationFunction;

/** Full-batch gradient descent on the squared loss, as the examples use it. */
public final class Descent {

    private Descent() {
    }

    /**
     * T steps of theta &lt;- theta - lr (1/N) J^T (f(X) - y), the gradient of C = 1/(2N) sum |f(x_i) - y_i|^2 (one
     * vector-Jacobian product per step, no Jacobian). Returns the loss before each step and after the last.
     *
     * @param afterStep called with the step number after each update (progress, tracking)
     */
    public static double[] squaredLoss(RealizationFunction net, INDArray x, INDArray y, double lr, int steps, IntConsumer afterStep) {
        double[] loss = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            INDArray residual = net.apply(x).subi(y);
            loss[t] = residual.mul(residual).sumNumber().doubleValue() / (2 * x.rows());
            if (t == steps) {
                break;
            }
            INDArray grad = net.vjp(x, residual.divi(x.rows()));
            net.setParameters(net.parameters().subi(grad.muli(lr)));
            afterStep.accept(t + 1);
        }
        return loss;
    }
}
