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
