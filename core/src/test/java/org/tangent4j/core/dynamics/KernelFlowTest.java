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

    /**
     * Three outputs with the per-output kernels [N, N] shared by the columns: equal to three one-output flows and to
     * the same flow given the full kernels Theta ⊗ I_3 ([3N, 3N], point-major), in closed form and by integration.
     */
    @Test
    void sharedKernelActsOnEveryOutputColumn() {
        INDArray y3 = gaussian(6, 6, 3);
        INDArray f0x = gaussian(7, 6, 3).muli(0.3);
        INDArray f0z = gaussian(8, 4, 3).muli(0.3);
        INDArray txx = LIMITS.ntk().gram(X);
        INDArray tzx = LIMITS.ntk().gram(Z, X);
        KernelFlow shared = KernelFlow.of(txx, tzx, f0x, f0z, 0.7);
        INDArray eye = org.nd4j.linalg.factory.Nd4j.eye(3).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        KernelFlow full = KernelFlow.of(kron(txx, eye), kron(tzx, eye), f0x, f0z, 0.7);
        for (double t : new double[] {0.5, 3, Double.POSITIVE_INFINITY}) {
            KernelFlow.State s = shared.squaredLoss(y3).apply(t);
            KernelFlow.State f = full.squaredLoss(y3).apply(t);
            assertClose(s.atX(), f.atX(), 1e-10, 1e-12);
            assertClose(s.atZ(), f.atZ(), 1e-10, 1e-12);
            for (int c = 0; c < 3; c++) {
                KernelFlow.State one = KernelFlow.of(txx, tzx, f0x.getColumn(c).dup().reshape(6, 1), f0z.getColumn(c).dup().reshape(4, 1), 0.7)
                        .squaredLoss(y3.getColumn(c).dup().reshape(6, 1)).apply(t);
                assertClose(s.atZ().getColumn(c).dup(), one.atZ().reshape(4), 1e-12, 1e-14);
            }
        }
        KernelFlow.State ode = shared.integrate(fx -> fx.sub(y3), 3, 1e-12, 1e-14);
        assertClose(ode.atZ(), shared.squaredLoss(y3).apply(3).atZ(), 1e-8, 1e-10);
    }

    /** A ⊗ B. */
    private static INDArray kron(INDArray a, INDArray b) {
        double[][] av = a.toDoubleMatrix();
        double[][] bv = b.toDoubleMatrix();
        double[][] out = new double[av.length * bv.length][av[0].length * bv[0].length];
        for (int i = 0; i < av.length; i++) {
            for (int j = 0; j < av[0].length; j++) {
                for (int p = 0; p < bv.length; p++) {
                    for (int q = 0; q < bv[0].length; q++) {
                        out[i * bv.length + p][j * bv[0].length + q] = av[i][j] * bv[p][q];
                    }
                }
            }
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(out);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> KernelFlow.of(LIMITS.ntk().gram(X), LIMITS.ntk().gram(Z, X), F0X, F0Z, -1)).hasMessageContaining("learningRate = -1.0");
        assertThatThrownBy(() -> KernelFlow.of(LIMITS.ntk().gram(Z), LIMITS.ntk().gram(Z, X), F0X, F0Z, 1)).hasMessageContaining("thetaXX has 4 rows");
        assertThatThrownBy(() -> flow().squaredLoss(Y.getRows(0, 1))).hasMessageContaining("y has shape [2, 1]");
        assertThatThrownBy(() -> flow().squaredLoss(Y).apply(-1)).hasMessageContaining("time = -1.0");
    }
}
