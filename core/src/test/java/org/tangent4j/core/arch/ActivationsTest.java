package org.tangent4j.core.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    /** Every stock activation's derivative against a central difference (h = 1e-5: error ~ h^2 sigma''' ~ 1e-9). */
    @ParameterizedTest
    @ValueSource(strings = {"relu", "erf", "identity", "abs", "leaky-relu:0.2", "tanh", "sigmoid", "gelu", "sin", "softplus"})
    void derivativeMatchesCentralDifference(String name) {
        Activation a = Activations.parse(name);
        assertThat(a.id()).isEqualTo(name);
        double h = 1e-5;
        for (double u : new double[] {-2.3, -0.7, 0.4, 1.9}) {
            double fd = (a.value(u + h) - a.value(u - h)) / (2 * h);
            assertThat(a.derivative(u)).as("%s'(%s)", name, u).isCloseTo(fd, within(1e-8));
        }
    }

    /** The parameterised families by name: erf:A,B,C is A erf(B u) + C, piecewise-linear:A,B is A min(u,0) + B max(u,0). */
    @Test
    void everyStockIdParsesBackToAnEqualActivation() {
        Activation e = Activations.parse("erf:0.5,2.0,-0.25");
        assertThat(e).isEqualTo(new ScaledErf(0.5, 2.0, -0.25));
        // erf(1) = 0.8427007929497149 (Abramowitz & Stegun table 7.1)
        assertThat(e.value(0.5)).isCloseTo(0.5 * 0.8427007929497149 - 0.25, within(1e-15));
        Activation p = Activations.parse("piecewise-linear:-0.3,0.7");
        assertThat(p.value(-2)).isEqualTo(-0.3 * -2);
        assertThat(p.value(2)).isEqualTo(1.4);
        for (Activation a : new Activation[] {new ScaledErf(1.0 / 3, Math.PI, 1e-300), new PiecewiseLinear(-1.0 / 7, 2.5),
            new PiecewiseLinear(0.1, 1), new ScaledErf(1, 1, 0), new PiecewiseLinear(2, 3)}) {
            assertThat(Activations.parse(a.id())).as(a.id()).isEqualTo(a);
        }
        assertThatThrownBy(() -> Activations.parse("erf:1,2")).hasMessageContaining("'erf:1,2'")
                .hasMessageContaining("expected erf:A,B,C with 3 finite numbers");
        assertThatThrownBy(() -> Activations.parse("piecewise-linear:1,nan")).hasMessageContaining("piecewise-linear:A,B");
    }

    @Test
    void knownValues() {
        // erf(1) = 0.8427007929497149 (Abramowitz & Stegun table 7.1); GELU(1) = Phi(1) = 0.8413447460685429.
        assertThat(Activations.erf().value(1)).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(SmoothActivation.GELU.value(1)).isCloseTo(0.8413447460685429, within(1e-15));
        assertThat(SmoothActivation.SOFTPLUS.value(800)).isEqualTo(800.0);
        assertThat(SmoothActivation.SIGMOID.value(-800)).isEqualTo(0.0);
    }

    @Test
    void badNamesAndScalesAreRejected() {
        assertThatThrownBy(() -> Activations.parse("swishy")).hasMessageContaining("swishy").hasMessageContaining("relu");
        assertThatThrownBy(() -> Activations.parse("leaky-relu:x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> DenseStack.fullyConnected(-1, Activations.relu(), 1, 0)).hasMessageContaining("depth = -1");
        assertThatThrownBy(() -> new Dense(-1, 0)).hasMessageContaining("wStd = -1.0");
        assertThatThrownBy(() -> new Dense(1, Double.NaN)).hasMessageContaining("bStd = NaN");
    }

    @Test
    void fullyConnectedHasDepthPlusOneDenseLayers() {
        DenseStack s = DenseStack.fullyConnected(3, Activations.relu(), 1, 0.1);
        assertThat(s.denseCount()).isEqualTo(4);
        assertThat(s.layers()).hasSize(7);
        assertThat(s.parameterization()).isEqualTo(Parameterization.NTK);
    }
}
