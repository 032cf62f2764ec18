package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.ExpectationMethod;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;

/** The cheap rows of docs/numbers.md: values the docs print, recomputed here (benchmarks are not tests). */
class DocumentedNumbersTest {

    private static final INDArray X0 = Nd4j.createFromArray(new double[][] {{1, 0}});

    /**
     * The recursion in the setting of the NTK paper's Figure 1 (ReLU, w_std 1, b_std 0.1, x0 = (1, 0)), layer by
     * layer, against the values worked out by hand in docs/examples/ntk-convergence.md: Sigma = 0.51, 0.265, 0.1425,
     * 0.08125 and Theta = 0.51, 0.52, 0.4025, 0.2825 after 1, 2, 3, 4 dense layers.
     */
    @Test
    void figureOneValuesLayerByLayer() {
        double[] sigma = {0.51, 0.265, 0.1425, 0.08125};
        double[] theta = {0.51, 0.52, 0.4025, 0.2825};
        for (int hidden = 0; hidden < 4; hidden++) {
            KernelPair k = InfiniteWidth.of(DenseStack.fullyConnected(hidden, Activations.relu(), 1.0, 0.1)).kernels(X0, X0);
            assertThat(k.nngp().getDouble(0, 0)).as("Sigma after %d dense layers", hidden + 1).isCloseTo(sigma[hidden], within(1e-14));
            assertThat(k.ntk().getDouble(0, 0)).as("Theta after %d dense layers", hidden + 1).isCloseTo(theta[hidden], within(1e-14));
        }
    }

    /**
     * The infinite-width example's table (depth 3, w_std 1, b_std 0.1, x0 = (1, 0)): Theta(x0, x0) and Sigma(x0, x0)
     * to the six printed decimals, by the default method and by adaptive quadrature (an independent route for the
     * smooth activations).
     */
    @Test
    void infiniteWidthExampleTable() {
        String[] names = {"erf", "tanh", "gelu", "softplus", "sin"};
        double[][] printed = {{1.006017, 0.243023}, {0.616089, 0.157884}, {0.094699, 0.031390}, {1.140789, 0.841582},
            {0.821207, 0.207595}};
        for (int a = 0; a < names.length; a++) {
            DenseStack stack = DenseStack.fullyConnected(3, Activations.parse(names[a]), 1.0, 0.1);
            KernelPair k = InfiniteWidth.of(stack).kernels(X0, X0);
            KernelPair q = InfiniteWidth.of(stack, ExpectationMethod.QUADRATURE).kernels(X0, X0);
            for (KernelPair each : new KernelPair[] {k, q}) {
                assertThat(each.ntk().getDouble(0, 0)).as("%s Theta", names[a]).isCloseTo(printed[a][0], within(5e-7));
                assertThat(each.nngp().getDouble(0, 0)).as("%s Sigma", names[a]).isCloseTo(printed[a][1], within(5e-7));
            }
        }
    }

    /** Parameter counts of 16 -> n -> n -> 1 with biases: 17 n + (n + 1) n + n + 1, as the benchmark pages print them. */
    @Test
    void parameterCounts() {
        long[][] documented = {{256, 70_401}, {512, 271_873}, {1024, 1_068_033}, {2048, 4_233_217}, {4096, 16_855_041}};
        for (long[] row : documented) {
            int n = (int) row[0];
            assertThat(17L * n + (n + 1L) * n + n + 1).as("formula, width %d", n).isEqualTo(row[1]);
        }
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1);
        assertThat(DenseNetworks.realize(stack, 16, 512, 1, 1).parameterCount()).isEqualTo(271_873);
    }
}
