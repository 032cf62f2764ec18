package org.tangent4j.autodiff.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.CustomActivation;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.PiecewiseLinear;
import org.tangent4j.core.arch.ScaledErf;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.testing.GaussianIntegrals;
import org.tangent4j.core.testing.Numeric;
import org.tangent4j.core.testing.Float64;

@ExtendWith(Float64.class)
class SameDiffActivationTest {

    private static final double[] U = {-2.5, -1.1, -0.3, 0.2, 0.7, 1.9, 3.2};

    private static double sigmoid(double u) {
        return 1 / (1 + Math.exp(-u));
    }

    @Test
    void stockActivationsMatchCoreClosedForms() {
        List<Activation> stock = List.of(Activations.relu(), Activations.leakyRelu(0.1), Activations.abs(),
                Activations.identity(), new PiecewiseLinear(-0.5, 2), Activations.erf(), new ScaledErf(2, 0.5, 0.1),
                SmoothActivation.TANH, SmoothActivation.SIGMOID, SmoothActivation.GELU, SmoothActivation.SIN,
                SmoothActivation.SOFTPLUS);
        for (Activation a : stock) {
            SameDiffActivation s = SameDiffActivation.of(a);
            double[] v = s.values(U);
            double[] d = s.derivatives(U);
            for (int i = 0; i < U.length; i++) {
                // core evaluates with java.lang.Math / Commons Math, SameDiff with libnd4j: different erf/exp
                // implementations agree to ~1e-12 relative (measured ~1e-15 for most); 1e-10 leaves margin
                Numeric.assertClose(v[i], a.value(U[i]), 1e-10, 1e-12);
                Numeric.assertClose(d[i], a.derivative(U[i]), 1e-10, 1e-12);
            }
        }
    }

    @Test
    void userExpressionGivesValueAndAutodiffDerivative() {
        SameDiffActivation swish = SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        for (double u : U) {
            double s = sigmoid(u);
            // closed forms u s(u) and s(u) (1 + u (1 - s(u))); rounding only
            Numeric.assertClose(swish.value(u), u * s, 1e-13, 1e-15);
            Numeric.assertClose(swish.derivative(u), s * (1 + u * (1 - s)), 1e-13, 1e-15);
        }
        assertThat(swish.id()).isEqualTo("swish");
    }

    @Test
    void userExpressionBuildsIntoDenseNetworks() {
        SameDiffActivation swish = SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        DenseNetwork f = DenseNetworks.realize(DenseStack.fullyConnected(1, swish, 1.0, 0), 2, 3, 1, 4);
        INDArray x = Numeric.gaussian(1, 2, 2);
        INDArray z = x.mmul(f.parameter("layers.0.W")).divi(Math.sqrt(2));
        INDArray h = z.mul(org.nd4j.linalg.ops.transforms.Transforms.sigmoid(z, true));
        INDArray expected = h.mmul(f.parameter("layers.2.W")).divi(Math.sqrt(3));
        // one formula by two routes: rounding only
        Numeric.assertClose(f.apply(x), expected, 1e-12, 1e-14);
        assertThat(f.parameterNames()).containsExactly("layers.0.W", "layers.2.W");
    }

    /**
     * A SameDiff expression in the infinite-width kernels (the SameDiff bridge): swish written once in SameDiff, its
     * derivative by autodiff, against the same activation as two hand-written Java functions (independent derivative),
     * 200 points through three hidden layers; the Hermite series evaluates the SameDiff graph once per layer for all
     * nodes of all points, so this takes about a second rather than the 10^5 graph executions of scalar calls.
     */
    @Test
    void sameDiffExpressionGivesTheInfiniteWidthKernels() {
        SameDiffActivation swish = SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        CustomActivation byHand = new CustomActivation("swish", u -> u * sigmoid(u),
                u -> sigmoid(u) * (1 + u * (1 - sigmoid(u))));
        INDArray x = Numeric.gaussian(5, 200, 4);
        org.tangent4j.core.limits.KernelPair viaSameDiff =
                org.tangent4j.core.limits.InfiniteWidth.of(DenseStack.fullyConnected(3, swish, 1.2, 0.1)).kernels(x, x);
        org.tangent4j.core.limits.KernelPair viaJava =
                org.tangent4j.core.limits.InfiniteWidth.of(DenseStack.fullyConnected(3, byHand, 1.2, 0.1)).kernels(x, x);
        Numeric.assertClose(viaSameDiff.nngp(), viaJava.nngp(), 1e-11, 1e-13);
        Numeric.assertClose(viaSameDiff.ntk(), viaJava.ntk(), 1e-11, 1e-13);
    }

    /**
     * Swish as a SameDiff expression keeps the expectations' stated accuracy (1e-10 of sqrt(E[s(u)^2] E[s(v)^2])) at
     * variances 1e-4 ... 1e4, against the graded reference rule of core's test fixtures run on the hand-written
     * function: pairs at correlation 0.5 (the Mehler series, one graph execution per variance), and a strongly
     * correlated pair at variance 1 (where the series converges too).
     */
    @Test
    void sameDiffExpressionExpectationsAreAccurateAtEveryVariance() {
        SameDiffActivation swish = SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        java.util.function.DoubleUnaryOperator value = u -> u * sigmoid(u);
        java.util.function.DoubleUnaryOperator slope = u -> sigmoid(u) * (1 + u * (1 - sigmoid(u)));
        org.tangent4j.core.limits.GaussianExpectation e = org.tangent4j.core.limits.GaussianExpectation.of(swish,
                org.tangent4j.core.limits.ExpectationMethod.AUTOMATIC);
        double[][] cases = {{1e-4, 0.5}, {1, 0.5}, {1, 0.999}, {100, 0.5}, {1e4, 0.5}};
        for (double[] c : cases) {
            double q1 = c[0];
            double q2 = 1.5 * c[0];
            double cov = c[1] * Math.sqrt(q1 * q2);
            double[] k = {cov};
            double[] t = {1};
            e.apply(new double[] {q1}, new double[] {q2}, k, t, 1);
            double scaleK = Math.sqrt(GaussianIntegrals.expectation(value, q1, q1, q1) * GaussianIntegrals.expectation(value, q2, q2, q2));
            double scaleT = Math.sqrt(GaussianIntegrals.expectation(slope, q1, q1, q1) * GaussianIntegrals.expectation(slope, q2, q2, q2));
            assertThat(Math.abs(k[0] - GaussianIntegrals.expectation(value, q1, q2, cov)))
                    .as("swish NNGP at q = %s, rho = %s", q1, c[1]).isLessThanOrEqualTo(1e-10 * scaleK);
            assertThat(Math.abs(t[0] - GaussianIntegrals.expectation(slope, q1, q2, cov)))
                    .as("swish NTK at q = %s, rho = %s", q1, c[1]).isLessThanOrEqualTo(1e-10 * scaleT);
        }
    }

    @Test
    void javaFunctionsCannotEnterAGraph() {
        CustomActivation c = new CustomActivation("cube", u -> u * u * u, u -> 3 * u * u);
        assertThatThrownBy(() -> SameDiffActivation.of(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cube'").hasMessageContaining("SameDiff expression");
    }
}
