package org.tangent4j.autodiff.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.FanInConcat;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.LayerNorm;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Residual;
import org.tangent4j.core.layers.Serial;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.testing.Numeric;

class LayerNetworkTest {

    static final Network NET = Network.of(Conv.of(3, 3, Padding.CIRCULAR, 1.4, 0.2),
            Residual.of(new Elementwise(Activations.relu()), Conv.of(2, 2, Padding.SAME, 1.0, 0.1)),
            FanInConcat.of(Serial.of(new LayerNorm(), new Elementwise(Activations.erf())), new Elementwise(Activations.relu())),
            new GlobalAvgPool(), new Dense(1.0, 0.3), new Elementwise(Activations.relu()), new Dense(1.0, 0.1));

    /** STRUCTURED (dense and conv sites contracted layer by layer) gives the JACOBIAN method's kernel. */
    @Test
    void structuredAndJacobianAgreeOnAConvolutionalNetwork() {
        INDArray x = LayerConvergenceTest.images(9, 3, 3, 3, 2);
        INDArray rows = x.reshape(3, 18);
        LayerNetwork f = LayerNetwork.realize(NET, Shape.ofInput(x.shape()), 8, 2, 5);
        INDArray jac = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(f, rows).full();
        INDArray str = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED).compute(f, rows).full();
        Numeric.assertClose(str, jac, 1e-10, 1e-12);
        assertThat(f.parameterNames()).startsWith("layers.0.W", "layers.0.b", "layers.1.layers.1.W");
    }

    /** The same seed gives the same network; reinitialise(seed) equals a fresh realization with that seed. */
    @Test
    void seedsAreReproducible() {
        INDArray x = LayerConvergenceTest.images(9, 2, 3, 3, 2).reshape(2, 18);
        LayerNetwork a = LayerNetwork.realize(NET, Shape.image(3, 3, 2), 8, 1, 7);
        LayerNetwork b = LayerNetwork.realize(NET, Shape.image(3, 3, 2), 8, 1, 3);
        b.reinitialise(7);
        Numeric.assertClose(b.apply(x), a.apply(x), 0, 0);
        Numeric.assertClose(b.parameters(), a.parameters(), 0, 0);
    }

    @Test
    void badArchitecturesNameTheLayer() {
        Conv five = new Conv(new int[] {1, 1}, new int[] {1, 1}, Padding.SAME, 1, 0, 5,
                org.tangent4j.core.arch.Parameterization.NTK);
        assertThatThrownBy(() -> LayerNetwork.realize(Network.of(Conv.of(3, 3, Padding.SAME, 1, 0),
                Residual.of(new Elementwise(Activations.relu()), five), new Flatten(), new Dense(1, 0)), Shape.image(3, 3, 2),
                8, 1, 0))
                .hasMessage("layer layers[1] (residual): branch 1 gives shape [3, 3, 5] but branch 0 gives [3, 3, 8]:"
                        + " expected the same shape from every branch of a sum");
        assertThatThrownBy(() -> LayerNetwork.realize(Network.of(Conv.of(3, 3, Padding.SAME, 1, 0)), Shape.image(3, 3, 2),
                8, 1, 0)).hasMessageStartingWith("the network's output has shape [3, 3, 1] per input: expected a vector");
    }
}
