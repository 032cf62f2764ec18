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
