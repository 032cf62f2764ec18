package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.testing.Numeric;

/** {@code kernel --arch FILE.json} on NHWC images. */
class ArchitectureCliTest {

    static final String CNN = """
            {"parameterization": "ntk", "layers": [
              {"type": "conv", "filter": [3, 3], "padding": "circular", "w_std": 1.5, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "global-avg-pool"},
              {"type": "dense", "w_std": 1.0, "b_std": 0.0}]}
            """;

    @Test
    void kernelsOfAnArchitectureFile(@TempDir Path dir) throws Exception {
        Path arch = dir.resolve("cnn.json");
        Files.writeString(arch, CNN);
        Random r = new Random(5);
        double[] v = new double[3 * 3 * 3 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        INDArray x = Nd4j.create(v, new long[] {3, 3, 3, 2}, DataType.DOUBLE);
        Path xf = dir.resolve("x.npy");
        ArrayFiles.write(xf, x);
        assertThat(CliTest.run("kernel", "--analytic", "--arch", arch.toString(), "--x1", xf.toString(),
                "--out", dir.resolve("a").toString()).status()).isZero();
        KernelPair expected = ArchitectureFile.parse(CNN).kernels(x, x);
        Numeric.assertClose(ArrayFiles.read(dir.resolve("a-ntk.npy")), expected.ntk(), 1e-15, 0);
        Numeric.assertClose(ArrayFiles.read(dir.resolve("a-nngp.npy")), expected.nngp(), 1e-15, 0);

        // one network of width 256: within its n^-1/2 fluctuation of the limit (measured 0.03 relative)
        assertThat(CliTest.run("kernel", "--empirical", "--arch", arch.toString(), "--x1", xf.toString(), "--width", "256",
                "--out", dir.resolve("e").toString()).status()).isZero();
        assertThat(Numeric.relativeError(ArrayFiles.read(dir.resolve("e-ntk.npy")), expected.ntk())).isLessThan(0.2);
        assertThat(CliTest.run("kernel", "--monte-carlo", "--arch", arch.toString(), "--x1", xf.toString(), "--width", "64",
                "--samples", "3", "--out", dir.resolve("m").toString()).status()).isZero();
        assertThat(ArrayFiles.read(dir.resolve("m-nngp.npy")).shape()).containsExactly(3, 3);

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, CNN.replace("\"padding\"", "\"pad\""));
        assertThat(CliTest.run("kernel", "--analytic", "--arch", bad.toString(), "--x1", xf.toString(),
                "--out", dir.resolve("b").toString()).err())
                .contains("--arch " + bad + ": layer layers[0] (conv): unknown field \"pad\"");
    }
}
