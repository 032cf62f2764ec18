package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tangent4j.core.testing.Numeric.assertClose;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.testing.Numeric;

/** The file-based tools end to end: kernel, train, predict. */
class ToolsTest {

    @Test
    void kernelTrainAndPredictFromFiles(@TempDir Path dir) throws Exception {
        Path circle = dir.resolve("circle.csv");
        Files.writeString(circle, "# x0, then gamma = pi/2 and pi\n1,0\n0,1\n-1,0\n");
        assertThat(CliTest.run("kernel", "--analytic", "--x1", circle.toString(), "--depth", "3", "--activation", "relu",
                "--w-std", "1", "--b-std", "0.1", "--out", dir.resolve("k").toString()).status()).isZero();
        INDArray ntk = ArrayFiles.read(dir.resolve("k-ntk.npy"));
        assertClose(ntk.getDouble(0, 0), 0.2825, 1e-12, 0); // the paper's Figure 1 value
        assertThat(ArrayFiles.read(dir.resolve("k-nngp.npy")).getDouble(0, 0)).isCloseTo(0.08125, org.assertj.core.api.Assertions.within(1e-12));

        INDArray x = Numeric.gaussian(3, 6, 2);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).reshape(6, 1);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("y.npy"), y);
        assertThat(CliTest.run("train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--depth", "1", "--width", "64", "--lr", "0.5", "--steps", "20", "--track-every", "5",
                "--save-final", dir.resolve("final").toString(), "--out", dir.resolve("run").toString()).status()).isZero();
        assertThat(Files.readAllLines(dir.resolve("run-loss.csv")).stream().filter(l -> !l.startsWith("#"))).hasSize(22);
        assertThat(Files.exists(dir.resolve("final").resolve("layer1.W.npy"))).isTrue();

        // t = infinity: the infinite-width ensemble's mean interpolates the training targets.
        assertThat(CliTest.run("predict", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--test", dir.resolve("x.npy").toString(), "--depth", "1", "--flow", "--time", "inf",
                "--out", dir.resolve("p").toString()).status()).isZero();
        assertClose(ArrayFiles.read(dir.resolve("p-mean.npy")), y, 1e-8, 1e-10);
        assertThat(CliTest.run("predict", "--x", "nope.npy", "--y", "y.npy", "--test", "t.npy", "--gp", "--out", "p").err())
                .contains("nope.npy");
    }
}
