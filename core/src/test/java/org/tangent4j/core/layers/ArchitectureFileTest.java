package org.tangent4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.testing.Numeric;

class ArchitectureFileTest {

    @Test
    void everyStockLayerRoundTrips() {
        Network net = Network.of(
                new Conv(new int[] {3, 2}, new int[] {1, 2}, Padding.CIRCULAR, 1.5, 0.1, 0, Parameterization.NTK),
                new Elementwise(Activations.relu()),
                new AvgPool(new int[] {2, 2}, new int[] {1, 1}, Padding.VALID),
                Residual.of(new LayerNorm(), new Elementwise(SmoothActivation.TANH),
                        new Conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 1.2, 0, 32, Parameterization.STANDARD)),
                FanInConcat.of(Serial.of(new Elementwise(Activations.leakyRelu(0.25))), new Identity()),
                FanInSum.of(Conv.of(1, 1, Padding.VALID, 1, 0), Conv.of(3, 3, Padding.SAME, 1, 0.2)),
                new Elementwise(Activations.erf()), new GlobalAvgPool(), new Dense(1.0, 0.3, 10, Parameterization.NTK),
                new Elementwise(Activations.abs()), new Flatten(), new Dense(2, 0));
        String text = ArchitectureFile.format(net, Parameterization.NTK);
        assertThat(ArchitectureFile.parse(text)).isEqualTo(net);
        assertThat(ArchitectureFile.format(ArchitectureFile.parse(text), Parameterization.NTK)).isEqualTo(text);
    }

    /** The "input" field: written by format(network, p, input), read by input(text), refused when malformed. */
    @Test
    void theInputShapeIsRecordedAndRead() {
        Network net = Network.of(Conv.of(3, 3, Padding.SAME, 1, 0), new Flatten(), new Dense(1, 0));
        String text = ArchitectureFile.format(net, Parameterization.NTK, Shape.image(5, 4, 3));
        assertThat(text).contains("\"input\" : [ 5, 4, 3 ]");
        assertThat(ArchitectureFile.input(text)).contains(Shape.image(5, 4, 3));
        assertThat(ArchitectureFile.parse(text)).isEqualTo(net);
        assertThat(ArchitectureFile.input(ArchitectureFile.format(net, Parameterization.NTK))).isEmpty();
        assertThatThrownBy(() -> ArchitectureFile.parse(text.replace("[ 5, 4, 3 ]", "[ 5, 0, 3 ]")))
                .hasMessageContaining("\"input\" = [5,0,3]: expected positive integers");
        assertThatThrownBy(() -> ArchitectureFile.parse(text.replace("[ 5, 4, 3 ]", "[ 1, 5, 4, 3 ]")))
                .hasMessageContaining("expected the per-input shape, [d], [L, C] or [H, W, C]");
    }

    /** A user's activation is written and read by its registered name; an unregistered one is refused on writing. */
    @Test
    void userActivationsAreReadByTheirRegisteredName() {
        org.tangent4j.core.arch.Activation cube = new org.tangent4j.core.arch.CustomActivation("cube-test", u -> u * u * u,
                u -> 3 * u * u);
        Network net = Network.of(new Dense(1, 0), new Elementwise(cube), new Dense(1, 0));
        assertThatThrownBy(() -> ArchitectureFile.format(net, Parameterization.NTK))
                .hasMessageContaining("activation 'cube-test' (CustomActivation) has no name that reads back");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"activation\", \"activation\":"
                + " \"cube-test\"}]}")).hasMessageContaining("layer layers[0] (activation)").hasMessageContaining("'cube-test'");
        ArchitectureFile.registerActivation(cube);
        assertThat(ArchitectureFile.parse(ArchitectureFile.format(net, Parameterization.NTK))).isEqualTo(net);
        assertThatThrownBy(() -> ArchitectureFile.registerActivation(Activations.parse("erf:1,2,3")))
                .hasMessageContaining("'erf:1.0,2.0,3.0' is a stock activation's name");
        // the parameterised stock families are written and read by name
        Network erf = Network.of(new Dense(1, 0), new Elementwise(Activations.parse("erf:0.5,2,0")),
                new Elementwise(Activations.parse("piecewise-linear:0.5,2")), new Dense(1, 0));
        assertThat(ArchitectureFile.parse(ArchitectureFile.format(erf, Parameterization.NTK))).isEqualTo(erf);
    }

    /** The documented schema, written by hand, is the network built in code (same kernels to the last bit). */
    @Test
    void aHandWrittenFileIsTheSameNetwork() {
        String json = """
                {"parameterization": "ntk", "layers": [
                  {"type": "conv", "filter": [3, 3], "strides": [1, 1], "padding": "same", "w_std": 1.4, "b_std": 0.1},
                  {"type": "residual", "layers": [
                    {"type": "activation", "activation": "relu"},
                    {"type": "conv", "filter": [3, 3], "w_std": 1.0, "b_std": 0.0}]},
                  {"type": "activation", "activation": "erf"},
                  {"type": "global-avg-pool"},
                  {"type": "dense", "w_std": 1.0, "b_std": 0.05}]}
                """;
        Network expected = Network.of(Conv.of(3, 3, Padding.SAME, 1.4, 0.1),
                Residual.of(new Elementwise(Activations.relu()), Conv.of(3, 3, Padding.SAME, 1.0, 0)), new Elementwise(Activations.erf()), new GlobalAvgPool(),
                new Dense(1.0, 0.05));
        Network read = ArchitectureFile.parse(json);
        assertThat(read).isEqualTo(expected);
        INDArray x = NetworkKernelTest.images(4, 3, 3, 3, 2);
        KernelPair a = read.kernels(x, x);
        KernelPair b = expected.kernels(x, x);
        Numeric.assertClose(a.ntk(), b.ntk(), 0, 0);
    }

    @Test
    void badFilesNameTheLayerAndTheValue() {
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"dense\", \"w_std\": 1},"
                + " {\"type\": \"convolution\"}]}"))
                .isInstanceOf(LayerException.class)
                .hasMessageStartingWith("layer layers[1] (convolution): unknown layer type 'convolution': expected one of [");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"residual\", \"layers\": ["
                + "{\"type\": \"conv\", \"filter\": [3], \"w_std\": 1, \"stride\": [2]}]}]}"))
                .hasMessage("layer layers[0].layers[0] (conv): unknown field \"stride\" in a conv layer: expected only"
                        + " [b_std, filter, padding, parameterization, strides, type, w_std, width]");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"dense\"}]}"))
                .hasMessage("layer layers[0] (dense): \"w_std\" = null: expected a number");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"fan-in-sum\", \"branches\": ["
                + "{\"type\": \"identity\"}, {\"type\": \"avg-pool\", \"window\": [2], \"padding\": \"full\"}]}]}"))
                .hasMessage("layer layers[0].branches[1] (avg-pool): \"padding\" = \"full\": expected \"same\", \"valid\""
                        + " or \"circular\"");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"activation\", \"activation\": \"relu6\"}]}"))
                .hasMessageStartingWith("layer layers[0] (activation): activation = 'relu6': unknown");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [{\"type\": \"dense\", \"w_std\": -1}]}"))
                .hasMessage("layer layers[0] (dense): wStd = -1.0: expected a finite number >= 0");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"parameterization\": \"mup\", \"layers\": []}"))
                .hasMessage("\"parameterization\" = \"mup\": expected \"ntk\" or \"standard\"");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layer\": []}"))
                .hasMessageStartingWith("unknown field \"layer\" in the architecture file");
        assertThatThrownBy(() -> ArchitectureFile.parse("{\"layers\": [}"))
                .hasMessageStartingWith("the architecture file is not valid JSON");
        // a layer error found later, in the kernel pass, carries the same place
        Network bad = ArchitectureFile.parse("{\"layers\": [{\"type\": \"conv\", \"filter\": [2, 2], \"w_std\": 1},"
                + " {\"type\": \"activation\", \"activation\": \"relu\"}, {\"type\": \"activation\", \"activation\": \"relu\"},"
                + " {\"type\": \"flatten\"}, {\"type\": \"dense\", \"w_std\": 1}]}");
        INDArray x = NetworkKernelTest.images(1, 2, 3, 3, 1);
        assertThatThrownBy(() -> bad.kernels(x, x)).hasMessageStartingWith("layer layers[2] (activation relu)");
        assertThat(List.of(ArchitectureFile.types().toArray())).contains("conv", "dense", "fan-in-concat", "residual");
    }
}
