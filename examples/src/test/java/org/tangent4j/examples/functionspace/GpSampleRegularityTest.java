package org.tangent4j.examples.functionspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.examples.support.Fit;

/**
 * The regularity of the ReLU kernels' sample paths claimed in docs/examples/gp-posterior.md and docs/theory.md, from
 * the kernel values alone: for f ~ GP(0, k), Var(f(x + h) - f(x)) = k(x+h, x+h) - 2 k(x+h, x) + k(x, x) and
 * Var(f(x + h) - 2 f(x) + f(x - h)) = c^T K c with c = (1, -2, 1). NNGP: exponents 2 and 3 in h (once differentiable,
 * like integrated Brownian motion); NTK: exponent 1 (Brownian-like). Measured at x = 0.5: NNGP 2.85 h^2 and 3.05 h^3,
 * NTK 3.94 h at h = 1e-3.
 */
class GpSampleRegularityTest {

    private static final double[] STEPS = {1e-2, 3e-3, 1e-3};

    @Test
    void nngpSamplesAreOnceDifferentiableAndNtkSamplesBrownianLike() {
        var kernels = new GpPosteriorCommand().kernels();
        for (double x : new double[] {-2, 0.5, 3}) {
            assertThat(exponent(kernels.get("nngp"), x, false)).as("NNGP first differences at x = %s", x).isCloseTo(2, within());
            assertThat(exponent(kernels.get("nngp"), x, true)).as("NNGP second differences at x = %s", x).isCloseTo(3, within());
            assertThat(exponent(kernels.get("ntk"), x, false)).as("NTK first differences at x = %s", x).isCloseTo(1, within());
            // a smooth kernel (RBF) for contrast: second differences scale like h^4
            assertThat(exponent(kernels.get("rbf"), x, true)).as("RBF second differences at x = %s", x).isCloseTo(4, within());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.05);
    }

    /** The fitted exponent b of Var(difference) ~ h^b over {@link #STEPS}. */
    private static double exponent(Kernel k, double x, boolean second) {
        double[] v = new double[STEPS.length];
        for (int s = 0; s < STEPS.length; s++) {
            double h = STEPS[s];
            INDArray p = Nd4j.createFromArray(new double[] {x - h, x, x + h}).reshape(3, 1);
            double[][] g = k.gram(p).toDoubleMatrix();
            double[] c = second ? new double[] {1, -2, 1} : new double[] {0, -1, 1};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    v[s] += c[i] * c[j] * g[i][j];
                }
            }
        }
        return Fit.logLogSlope(STEPS, v);
    }
}
