package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.examples.cli.Tangent4jCli;

/**
 * {@code tangent4j regress ... --spark local[2]} (the command line finding the spark module by name) writes the same
 * predictions as the same command without {@code --spark}; a bad Spark setting is one clear error.
 */
class SparkRegressCliTest {

    @TempDir
    Path dir;

    private final java.io.StringWriter err = new java.io.StringWriter();

    private int run(List<String> args) {
        return Tangent4jCli.commandLine().setErr(new java.io.PrintWriter(err, true)).execute(args.toArray(String[]::new));
    }

    private List<String> regress(String out) {
        Path d = FashionSubset.DIR;
        assumeTrue(Files.isReadable(d.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST not found in " + d);
        return new ArrayList<>(List.of("regress", "--train-x", d.resolve("train-images-idx3-ubyte.gz").toString(),
                "--train-y", d.resolve("train-labels-idx1-ubyte.gz").toString(),
                "--test-x", d.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--test-y", d.resolve("t10k-labels-idx1-ubyte.gz").toString(), "--train-size", "300", "--test-size", "100",
                "--preprocess", "unit", "--depth", "1", "--kernel", "nngp", "--ridge", "0.01", "--memory", "1m", "--solver", "cholesky",
                "--out", dir.resolve(out).toString()));
    }

    @Test
    void sparkRunWritesTheSamePredictionsAsTheSingleMachineRun() throws IOException {
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        assertThat(run(regress("single"))).isEqualTo(0);
        List<String> spark = regress("spark");
        spark.addAll(List.of("--spark", "local[2]"));
        assertThat(run(spark)).isEqualTo(0);
        INDArray a = ArrayFiles.read(dir.resolve("single-pred.npy"));
        INDArray b = ArrayFiles.read(dir.resolve("spark-pred.npy"));
        assertThat(b.shape()).containsExactly(100, 10);
        // 1 MiB: tiles of 90 (4 x 4 blocks) and the Cholesky solver: the same tiles, the same numbers
        assertThat(b.toDoubleMatrix()).isDeepEqualTo(a.toDoubleMatrix());
        assertThat(Files.readString(dir.resolve("spark-summary.csv"))).contains("solver,cholesky").contains("tile,90");
        // PREFIX-var.npy, the GP posterior variances (300 x 100 doubles fit a quarter of --memory): the same numbers
        assertThat(ArrayFiles.read(dir.resolve("spark-var.npy")).toDoubleVector())
                .isEqualTo(ArrayFiles.read(dir.resolve("single-var.npy")).toDoubleVector());
    }

    /** {@code regress} on the first n training and m test images with the kernel flags {@code kernel}. */
    private List<String> regress(String out, int n, int m, String... kernel) {
        Path d = FashionSubset.DIR;
        assumeTrue(Files.isReadable(d.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST not found in " + d);
        List<String> a = new ArrayList<>(List.of("regress", "--train-x", d.resolve("train-images-idx3-ubyte.gz").toString(),
                "--train-y", d.resolve("train-labels-idx1-ubyte.gz").toString(),
                "--test-x", d.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--test-y", d.resolve("t10k-labels-idx1-ubyte.gz").toString(), "--train-size", Integer.toString(n),
                "--test-size", Integer.toString(m), "--preprocess", "unit", "--out", dir.resolve(out).toString()));
        a.addAll(List.of(kernel));
        return a;
    }

    /** max |a - b| / max |b|. */
    private static double relative(INDArray a, INDArray b) {
        return SparkKernelRegressionTest.relative(a, b);
    }

    /**
     * {@code --arch} of a residual CNN (the 28 x 28 images as [28, 28, 1]) through {@code --spark local[2]}: the
     * executors rebuild the network from the file's text and compute the tiles of the single-machine run.
     */
    @Test
    void anArchitectureFileRunsOnSparkWithTheSingleMachineNumbers() throws IOException {
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        Path arch = Files.writeString(dir.resolve("residual-cnn.json"), KernelSpecTest.RESIDUAL_CNN);
        // 1 MiB: tiles of 90, 3 x 3 row blocks of the 200 training points (6 stored tiles), Cholesky's 320 kB fit
        String[] cholesky = {"--arch", arch.toString(), "--kernel", "ntk", "--ridge", "0.01", "--memory", "1m", "--solver", "cholesky"};
        String[] cg = {"--arch", arch.toString(), "--kernel", "nngp", "--ridge", "0.01", "--memory", "1m", "--solver", "cg",
            "--tolerance", "1e-12"};
        for (String[] flags : List.of(cholesky, cg)) {
            String name = flags[3] + "-" + flags[9];
            assertThat(run(regress(name + "-single", 200, 60, flags))).as(err.toString()).isEqualTo(0);
            List<String> spark = regress(name + "-spark", 200, 60, flags);
            spark.addAll(List.of("--spark", "local[2]"));
            assertThat(run(spark)).as(err.toString()).isEqualTo(0);
            INDArray a = ArrayFiles.read(dir.resolve(name + "-single-pred.npy"));
            INDArray b = ArrayFiles.read(dir.resolve(name + "-spark-pred.npy"));
            assertThat(b.shape()).containsExactly(60, 10);
            String summary = Files.readString(dir.resolve(name + "-spark-summary.csv"));
            assertThat(summary).contains("\"conv\"", "\"residual\"", "tile,90", "solver," + flags[9]);
            if (flags == cholesky) {
                // the same tiles (the same network, rebuilt from its text) in the same store: the same numbers
                assertThat(b.toDoubleMatrix()).isDeepEqualTo(a.toDoubleMatrix());
            } else {
                // the distributed products sum in another order: both solve to 1e-12, the predictions agree to 1e-10
                assertThat(relative(b, a)).isLessThan(1e-10);
            }
            System.out.printf("--arch %s on Spark: relative difference %.3g%n", name, relative(b, a));
        }
    }

    @Test
    void aBadTileSettingIsOneClearError() {
        System.setProperty(SparkRegress.TILE, "-3");
        try {
            List<String> spark = regress("bad");
            spark.addAll(List.of("--spark", "local[1]"));
            assertThat(run(spark)).isEqualTo(1);
            assertThat(err.toString()).contains("error: spark.tangent4j.tile = -3: expected a positive integer");
            assertThat(Files.exists(dir.resolve("bad-pred.npy"))).isFalse();
        } finally {
            System.clearProperty(SparkRegress.TILE);
        }
    }
}
