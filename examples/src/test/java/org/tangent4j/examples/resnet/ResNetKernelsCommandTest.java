package org.tangent4j.examples.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.testing.Numeric;
import picocli.CommandLine;

class ResNetKernelsCommandTest {

    /**
     * One residual block, independently: its output is z1 + h with z1 the first dense layer and h = Dense(relu(z1)),
     * whose kernels are those of the plain stacks of depth 0 and 1 (InfiniteWidth, no layer algebra), and the cross
     * terms vanish in the limit (the block's last weights are fresh and zero-mean); the readout Dense(1, 0) then gives
     * K = K0 + K1 and Theta = (Theta0 + Theta1) + K.
     */
    @Test
    void oneResidualBlockIsTheSumOfTwoPlainStacks() {
        INDArray x = Numeric.gaussian(3, 5, 4);
        KernelPair res = ResNetKernelsCommand.network(1, true, 1.3, 0.2).kernels(x, x);
        KernelPair k0 = InfiniteWidth.of(DenseStack.fullyConnected(0, Activations.relu(), 1.3, 0.2)).kernels(x, x);
        KernelPair k1 = InfiniteWidth.of(DenseStack.fullyConnected(1, Activations.relu(), 1.3, 0.2)).kernels(x, x);
        INDArray k = k0.nngp().add(k1.nngp());
        Numeric.assertClose(res.nngp(), k, 1e-13, 1e-14);
        Numeric.assertClose(res.ntk(), k0.ntk().add(k1.ntk()).add(k), 1e-13, 1e-14);
    }

    /**
     * Reduced setting (depths 1, 2, 4, 8): without the shortcut the correlation of orthogonal inputs climbs towards 1,
     * with it it stays lower at every depth; the CSV and both pictures are written.
     */
    @Test
    void shortcutsKeepInputsApart(@TempDir Path dir) throws Exception {
        ResNetKernelsCommand cmd = new ResNetKernelsCommand();
        assertThat(new CommandLine(cmd).execute("--out-dir", dir.toString(), "--max-depth", "8", "--angles", "9")).isZero();
        var r = cmd.result;
        assertThat(r.depths()).containsExactly(1, 2, 4, 8);
        for (int i = 1; i < r.depths().length; i++) {
            assertThat(r.nngpCorrelation()[0][i]).isGreaterThan(r.nngpCorrelation()[0][i - 1]);
            assertThat(r.nngpCorrelation()[1][i]).isLessThan(r.nngpCorrelation()[0][i]);
            assertThat(r.ntkCorrelation()[1][i]).isLessThan(r.ntkCorrelation()[0][i]);
        }
        for (String f : new String[] {"resnet-kernels-depth.png", "resnet-kernels-shapes.png", "resnet-kernels-depth.csv",
            "resnet-kernels-shapes.csv"}) {
            assertThat(Files.size(dir.resolve(f))).as(f).isPositive();
        }
    }
}
