package org.tangent4j.core.dynamics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.inverse.InvertMatrix;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;

class KernelFlowTest {

    static final InfiniteWidth LIMITS = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1));
    static final INDArray X = gaussian(1, 6, 3);
    static final INDArray Z = gaussian(2, 4, 3);
    static final INDArray Y = gaussian(3, 6, 1);
    static final INDArray F0X = gaussian(4, 6, 1).muli(0.3);
    static final INDArray F0Z = gaussian(5, 4, 1).muli(0.3);

    static KernelFlow flow() {
        return KernelFlow.of(LIMITS.ntk().gram(X), LIMITS.ntk().gram(Z, X), F0X, F0Z, 0.7);
    }

    /** The eigendecomposition closed form against Dormand-Prince integration of the same flow (tolerance 1e-12). */
    @Test
    void closedFormAgreesWithNumericalIntegration() {
        KernelFlow f = flow();
        for (double t : new double[] {0, 0.5, 3, 20}) {
            KernelFlow.State exact = f.squaredLoss(Y).apply(t);
            KernelFlow.State ode = f.integrate(fx -> fx.sub(Y), t, 1e-12, 1e-14);
            assertClose(exact.atX(), ode.atX(), 1e-8, 1e-10);
            assertClose(exact.atZ(), ode.atZ(), 1e-8, 1e-10);
        }
    }

    /** t = infinity: interpolation of y on X, and f_0(Z) + Theta(Z,X) Theta^-1 (y - f_0(X)) on Z (explicit inverse). */
    @Test
    void infiniteTimeIsKernelRegressionOfTheResidual() {
        KernelFlow.State s = flow().squaredLoss(Y).apply(Double.POSITIVE_INFINITY);
        assertClose(s.atX(), Y, 1e-10, 1e-12);
        INDArray inv = InvertMatrix.invert(LIMITS.ntk().gram(X), false);
        INDArray expected = F0Z.add(LIMITS.ntk().gram(Z, X).mmul(inv).mmul(Y.sub(F0X)));
        assertClose(s.atZ(), expected, 1e-9, 1e-11);
    }

    /** Small discrete kernel gradient-descent steps approach the flow (Euler, error O(step)). */
    @Test
    void discreteKernelGradientDescentApproachesTheFlow() {
        INDArray txx = LIMITS.ntk().gram(X);
        INDArray fx = F0X.dup();
        int steps = 20000;
        double t = 2.0;
        double h = 0.7 / 6 * t / steps;
        for (int i = 0; i < steps; i++) {
            fx.subi(txx.mmul(fx.sub(Y)).muli(h));
        }
        assertClose(fx, flow().squaredLoss(Y).apply(t).atX(), 1e-3, 1e-4);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> KernelFlow.of(LIMITS.ntk().gram(X), LIMITS.ntk().gram(Z, X), F0X, F0Z, -1)).hasMessageContaining("learningRate = -1.0");
        assertThatThrownBy(() -> KernelFlow.of(LIMITS.ntk().gram(Z), LIMITS.ntk().gram(Z, X), F0X, F0Z, 1)).hasMessageContaining("thetaXX has 4 rows");
        assertThatThrownBy(() -> flow().squaredLoss(Y.getRows(0, 1))).hasMessageContaining("y has shape [2, 1]");
        assertThatThrownBy(() -> flow().squaredLoss(Y).apply(-1)).hasMessageContaining("time = -1.0");
    }
}
