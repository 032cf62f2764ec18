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
        assertThat(Files.exists(dir.resolve("final").resolve("layers.2.W.npy"))).isTrue();

        // t = infinity: the infinite-width ensemble's mean interpolates the training targets.
        assertThat(CliTest.run("predict", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--test", dir.resolve("x.npy").toString(), "--depth", "1", "--flow", "--time", "inf",
                "--out", dir.resolve("p").toString()).status()).isZero();
        assertClose(ArrayFiles.read(dir.resolve("p-mean.npy")), y, 1e-8, 1e-10);
        assertThat(CliTest.run("predict", "--x", "nope.npy", "--y", "y.npy", "--test", "t.npy", "--gp", "--out", "p").err())
                .contains("nope.npy");
    }

    /** train --checkpoint: a second call continues the first to more steps; its loss table equals a single run's. */
    @Test
    void trainResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        INDArray x = Numeric.gaussian(5, 6, 2);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("y.npy"), x.getColumn(0).reshape(6, 1));
        String[] common = {"train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
            "--depth", "1", "--width", "32", "--lr", "0.5", "--track-every", "3"};
        String ck = dir.resolve("ck").toString();
        assertThat(CliTest.run(concat(common, "--steps", "5", "--checkpoint", ck, "--checkpoint-every", "2", "--out",
                dir.resolve("a").toString())).status()).isZero();
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(CliTest.run(concat(common, "--steps", "9", "--checkpoint", ck, "--out", dir.resolve("a").toString()))
                    .status()).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("resuming from step 5 of 9");
        assertThat(CliTest.run(concat(common, "--steps", "9", "--out", dir.resolve("b").toString())).status()).isZero();
        assertThat(dataLines(dir.resolve("a-loss.csv"))).hasSize(11).isEqualTo(dataLines(dir.resolve("b-loss.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    private static java.util.List<String> dataLines(Path csv) throws java.io.IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
    }
}
