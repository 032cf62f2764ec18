package org.tangent4j.autodiff.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.activation.SameDiffActivation;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.testing.Float64;
import org.tangent4j.core.testing.Numeric;

/** Saved networks: arch.json and one .npy per parameter load back to the same function, bit for bit. */
@ExtendWith(Float64.class)
class SavedNetworkTest {

    /** A convolutional network with a residual block, concatenated branches, layer norm and pooling round-trips exactly. */
    @Test
    void aConvolutionalNetworkLoadsBackBitForBit(@TempDir Path dir) throws Exception {
        INDArray rows = LayerConvergenceTest.images(3, 4, 3, 3, 2).reshape(4, 18);
        LayerNetwork f = LayerNetwork.realize(LayerNetworkTest.NET, Shape.image(3, 3, 2), 6, 2, 17);
        f.save(dir);
        LayerNetwork g = LayerNetwork.load(dir);
        assertThat(g.parameterNames()).isEqualTo(f.parameterNames());
        Numeric.assertClose(g.parameters(), f.parameters(), 0, 0);
        Numeric.assertClose(g.apply(rows), f.apply(rows), 0, 0);
        assertThat(g.network()).isEqualTo(f.network());
        assertThat(g.inputShape()).isEqualTo(Shape.image(3, 3, 2));
        // the file is an architecture file: it parses to the realized description
        assertThat(ArchitectureFile.read(dir.resolve("arch.json"))).isEqualTo(f.network());
        assertThat(dir.resolve("layers.0.W.npy")).exists();
        assertThat(Nd4j.createFromNpyFile(dir.resolve("layers.0.W.npy").toFile()).shape()).containsExactly(3, 3, 2, 6);
        assertThat(Nd4j.createFromNpyFile(dir.resolve("layers.0.b.npy").toFile()).shape()).containsExactly(6);
    }

    /**
     * The conv weight file is HWIO: f(x) computed by hand from the saved arrays, out[i, j, o] = (w / sqrt(FH FW C))
     * sum_{a, b, c} x[i + a, j + b, c] W[a, b, c, o] + b_std b[o] (VALID), flattened row-major into the dense readout,
     * equals the network's output.
     */
    @Test
    void convWeightFilesAreHwio(@TempDir Path dir) throws Exception {
        Network net = Network.of(new Conv(new int[] {2, 3}, new int[] {1, 1}, Padding.VALID, 1.3, 0.4, 4,
                Parameterization.NTK), new Flatten(), new Dense(0.9, 0.2));
        INDArray x = LayerConvergenceTest.images(8, 2, 3, 4, 2);
        LayerNetwork f = LayerNetwork.realize(net, Shape.image(3, 4, 2), 4, 1, 3);
        f.save(dir);
        INDArray w = Nd4j.createFromNpyFile(dir.resolve("layers.0.W.npy").toFile());
        INDArray b = Nd4j.createFromNpyFile(dir.resolve("layers.0.b.npy").toFile());
        INDArray v = Nd4j.createFromNpyFile(dir.resolve("layers.2.W.npy").toFile());
        INDArray c = Nd4j.createFromNpyFile(dir.resolve("layers.2.b.npy").toFile());
        assertThat(w.shape()).containsExactly(2, 3, 2, 4);
        assertThat(v.shape()).containsExactly(2 * 2 * 4, 1);
        // one entry of the file against the SameDiff variable (the file holds the graph's array as it is)
        assertThat(w.getDouble(1, 2, 0, 3)).isEqualTo(f.graph().getVariable("layers.0.W").getArr().getDouble(1, 2, 0, 3));
        for (int n = 0; n < 2; n++) {
            double out = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int o = 0; o < 4; o++) {
                        double z = 0;
                        for (int a = 0; a < 2; a++) {
                            for (int bb = 0; bb < 3; bb++) {
                                for (int ch = 0; ch < 2; ch++) {
                                    z += x.getDouble(n, i + a, j + bb, ch) * w.getDouble(a, bb, ch, o);
                                }
                            }
                        }
                        z = 1.3 / Math.sqrt(12) * z + 0.4 * b.getDouble(o);
                        out += z * v.getDouble((i * 2 + j) * 4 + o, 0);
                    }
                }
            }
            out = 0.9 / Math.sqrt(16) * out + 0.2 * c.getDouble(0);
            // the same sums in another order: rounding only
            Numeric.assertClose(f.apply(x.reshape(2, 24)).getDouble(n, 0), out, 1e-13, 1e-14);
        }
    }

    /** A 1-D convolution's weights are saved as [F, 1, C_in, C_out] and load back. */
    @Test
    void aSignalNetworkLoadsBack(@TempDir Path dir) throws Exception {
        Network net = Network.of(new Conv(new int[] {3}, new int[] {2}, Padding.SAME, 1.2, 0.1, Shape.UNSET,
                Parameterization.STANDARD), new Elementwise(Activations.parse("gelu")), new GlobalAvgPool(), new Dense(1.0, 0.0));
        INDArray x = LayerConvergenceTest.images(4, 3, 5, 1, 2).reshape(3, 10);
        LayerNetwork f = LayerNetwork.realize(net, Shape.signal(5, 2), 7, 1, 9);
        f.save(dir);
        assertThat(Nd4j.createFromNpyFile(dir.resolve("layers.0.W.npy").toFile()).shape()).containsExactly(3, 1, 2, 7);
        LayerNetwork g = LayerNetwork.load(dir);
        Numeric.assertClose(g.apply(x), f.apply(x), 0, 0);
        assertThat(Files.readString(dir.resolve("arch.json"))).contains("\"input\" : [ 5, 2 ]", "\"standard\"");
    }

    /**
     * Every activation the command line accepts, the parameterised families (erf:A,B,C, piecewise-linear:A,B) and a
     * registered SameDiff expression: saved, loaded, the same outputs to the last bit, from both loaders.
     */
    @Test
    void everyActivationRoundTrips(@TempDir Path dir) throws Exception {
        SameDiffActivation swish = SameDiffActivation.of("swish-saved", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        ArchitectureFile.registerActivation(swish);
        List<Activation> all = new java.util.ArrayList<>();
        for (String name : List.of("relu", "erf", "identity", "abs", "leaky-relu:0.1", "tanh", "sigmoid", "gelu", "sin",
                "softplus", "erf:0.5,2.0,0.1", "piecewise-linear:-0.3,0.7")) {
            all.add(Activations.parse(name));
        }
        all.add(swish);
        INDArray x = Numeric.gaussian(6, 3, 2);
        int i = 0;
        for (Activation a : all) {
            Path d = dir.resolve("net" + i++);
            DenseNetwork f = DenseNetworks.realize(DenseStack.fullyConnected(1, a, 1.4, 0.3), 2, 5, 1, 7);
            f.save(d);
            assertThat(Files.readString(d.resolve("arch.json"))).as(a.id()).contains("\"activation\" : \"" + a.id() + "\"");
            Numeric.assertClose(DenseNetworks.load(d).apply(x), f.apply(x), 0, 0);
            Numeric.assertClose(LayerNetwork.load(d).apply(x), f.apply(x), 0, 0);
        }
    }

    /** A fully-connected stack realized by DenseNetworks and as a Network by LayerNetwork: the same names, draws and outputs. */
    @Test
    void denseNetworksAndLayerNetworksAreTheSameFunction() {
        DenseStack stack = DenseStack.fullyConnected(2, Activations.parse("tanh"), 1.3, 0.2);
        INDArray x = Numeric.gaussian(2, 4, 3);
        for (Parameterization p : Parameterization.values()) {
            DenseNetwork a = DenseNetworks.realize(stack.withParameterization(p), 3, 6, 2, 5);
            LayerNetwork b = LayerNetwork.realize(Network.of(stack.withParameterization(p)), Shape.vector(3), 6, 2, 5);
            assertThat(b.parameterNames()).isEqualTo(a.parameterNames());
            Numeric.assertClose(b.parameters(), a.parameters(), 0, 0);
            Numeric.assertClose(b.apply(x), a.apply(x), 0, 0);
            assertThat(a.network()).isEqualTo(b.network());
        }
    }

    @Test
    void foldersThatCannotLoadSaySo(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("params.json"), "{\"format\": \"tangent4j-dense-1\"}");
        assertThatThrownBy(() -> LayerNetwork.load(old)).hasMessageContaining("holds params.json, the format of tangent4j"
                + " before arch.json");
        assertThatThrownBy(() -> DenseNetworks.load(dir.resolve("none"))).hasMessageContaining("arch.json is missing");

        SameDiffActivation unnamed = SameDiffActivation.of("swish-unregistered", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        DenseNetwork f = DenseNetworks.realize(DenseStack.fullyConnected(1, unnamed, 1.0, 0), 2, 3, 1, 1);
        assertThatThrownBy(() -> f.save(dir.resolve("u"))).hasMessageContaining("activation 'swish-unregistered'"
                + " (SameDiffActivation) has no name that reads back");
        assertThat(dir.resolve("u")).doesNotExist();

        Path cnn = dir.resolve("cnn");
        LayerNetwork.realize(LayerNetworkTest.NET, Shape.image(3, 3, 2), 4, 1, 2).save(cnn);
        assertThatThrownBy(() -> DenseNetworks.load(cnn)).hasMessageContaining("is not a fully-connected stack")
                .hasMessageContaining("LayerNetwork.load");
        Files.writeString(cnn.resolve("arch.json"), Files.readString(cnn.resolve("arch.json")).replace("\"input\"", "\"inputs\""));
        assertThatThrownBy(() -> LayerNetwork.load(cnn)).hasMessageContaining("unknown field \"inputs\"");
    }
}
