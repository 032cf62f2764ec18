package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.CustomActivation;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.ScaledErf;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.examples.cli.ArchitectureKernels;

/** The kernel description survives Java serialization (what Spark sends) and rebuilds a kernel with the same values. */
class KernelSpecTest {

    private static KernelSpec roundTrip(KernelSpec s) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (KernelSpec) in.readObject();
        }
    }

    private static final INDArray X = Nd4j.rand(DataType.DOUBLE, 7, 3).subi(0.5);
    private static final INDArray Y = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5);

    @Test
    void everyStockActivationTravelsAndGivesTheSameKernelValues() throws Exception {
        DenseStack stack = new DenseStack(List.of(new Dense(1.3, 0.2), new Nonlinearity(Activations.leakyRelu(0.1)),
                new Dense(1.1, 0.0), new Nonlinearity(new ScaledErf(2, 0.5, 0.1)), new Dense(0.9, 0.3),
                new Nonlinearity(SmoothActivation.TANH), new Dense(1.0, 0.1)), Parameterization.NTK);
        KernelSpec ntk = roundTrip(KernelSpec.ntk(stack));
        assertThat(ntk.stack()).isEqualTo(stack);
        // independent route: the kernel built directly from the stack, never serialized
        Kernel direct = InfiniteWidth.of(stack).ntk();
        assertThat(ntk.kernel().gram(X, Y).toDoubleMatrix()).isDeepEqualTo(direct.gram(X, Y).toDoubleMatrix());
        assertThat(roundTrip(KernelSpec.nngp(stack)).kernel().gram(X, Y).toDoubleMatrix())
                .isDeepEqualTo(InfiniteWidth.of(stack).nngp().gram(X, Y).toDoubleMatrix());
        assertThat(roundTrip(KernelSpec.rbf(2.0, 0.7)).kernel().gram(X, Y).toDoubleMatrix())
                .isDeepEqualTo(new RbfKernel(2.0, 0.7).gram(X, Y).toDoubleMatrix());
    }

    /** A residual CNN: conv 3x3 stride 2, x + (ReLU, conv 3x3)(x), erf, flatten, dense. */
    static final String RESIDUAL_CNN = """
            {"parameterization": "ntk", "layers": [
              {"type": "conv", "filter": [3, 3], "strides": [2, 2], "padding": "same", "w_std": 1.2, "b_std": 0.1},
              {"type": "residual", "layers": [
                {"type": "activation", "activation": "relu"},
                {"type": "conv", "filter": [3, 3], "padding": "same", "w_std": 1.0, "b_std": 0.05}]},
              {"type": "activation", "activation": "erf"},
              {"type": "flatten"}, {"type": "dense", "w_std": 1.0, "b_std": 0.1}]}""";

    @Test
    void anArchitectureFileTravelsAndGivesTheSameKernelValues() throws Exception {
        Network net = ArchitectureFile.parse(RESIDUAL_CNN);
        Shape in = Shape.image(6, 6, 1);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 5, 36);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 3, 36);
        for (boolean ntk : new boolean[] {false, true}) {
            ArchitectureKernels.OnRows direct = new ArchitectureKernels.OnRows(net, in, ntk);
            KernelSpec spec = roundTrip(KernelSpec.of(direct));
            assertThat(spec.family()).isEqualTo(ntk ? KernelSpec.Family.NTK : KernelSpec.Family.NNGP);
            assertThat(spec.kernel()).isEqualTo(direct);
            // independent route: the layer algebra on the images [N, 6, 6, 1] themselves, never serialized
            Kernel images = ntk ? net.ntk() : net.nngp();
            INDArray expected = images.gram(a.reshape('c', 5, 6, 6, 1), b.reshape('c', 3, 6, 6, 1));
            assertThat(spec.kernel().gram(a, b).toDoubleMatrix()).isDeepEqualTo(expected.toDoubleMatrix());
        }
        assertThatThrownBy(() -> KernelSpec.of(new ArchitectureKernels.OnRows(net, in, true)).stack())
                .hasMessageContaining("described by an architecture file");
    }

    @Test
    void badDescriptionsAreRefusedWithTheReason() {
        DenseStack custom = DenseStack.fullyConnected(1, new CustomActivation("cube", u -> u * u * u, u -> 3 * u * u), 1, 0);
        assertThatThrownBy(() -> KernelSpec.ntk(custom)).hasMessageContaining("activation = cube")
                .hasMessageContaining("no serializable description");
        assertThatThrownBy(() -> KernelSpec.nngp(DenseStack.fullyConnected(1, Activations.relu(), 1, 0)
                .withParameterization(Parameterization.STANDARD))).hasMessageContaining("parameterization = STANDARD");
        assertThatThrownBy(() -> KernelSpec.rbf(1, -1)).hasMessageContaining("lengthScale");
        Network cube = Network.of(new org.tangent4j.core.layers.Dense(1, 0), new Elementwise(new CustomActivation("cube",
                u -> u * u * u, u -> 3 * u * u)), new org.tangent4j.core.layers.Dense(1, 0));
        assertThatThrownBy(() -> KernelSpec.of(new ArchitectureKernels.OnRows(cube, Shape.vector(3), false)))
                .hasMessageContaining("has no file form").hasMessageContaining("activation 'cube'");
        MemoryBudget b = MemoryBudget.parse("--memory", "64m");
        KernelRegression onDisk = new KernelRegression(b, Storage.FLOAT64, Path.of("tiles"), RidgeSolver.of(SolverChoice.AUTO, b), 1e-2, 0);
        assertThatThrownBy(() -> new SparkKernelRegression(onDisk)).hasMessageContaining("--tiles tiles with --spark");
    }
}
