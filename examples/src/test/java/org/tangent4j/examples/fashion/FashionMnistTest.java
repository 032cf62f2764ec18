package org.tangent4j.examples.fashion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The example with tiny settings on the installed data set (skipped when Fashion-MNIST is not installed). */
class FashionMnistTest {

    @Test
    void learningCurvesOnASmallSubset(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        FashionMnistCommand cmd = new FashionMnistCommand();
        int status = new CommandLine(cmd).execute("--sizes", "100,300", "--test-size", "300", "--depths", "1",
                "--network-width", "16", "--network-epochs", "1", "--network-max-size", "100", "--cnn-max-size", "100",
                "--out-dir", dir.toString());
        assertThat(status).isZero();
        assertThat(dir.resolve("fashion-mnist.png")).exists();
        assertThat(Files.readAllLines(dir.resolve("fashion-mnist.csv")).stream().filter(l -> !l.startsWith("#"))).hasSize(9); // header + 8 units
        for (FashionMnistCommand.Point p : cmd.result.points()) {
            // ten balanced classes: chance is 0.1; every kernel model is far above it already at 100 images
            if (!p.model().startsWith("network")) {
                assertThat(p.accuracy()).as(p.model() + " n = " + p.n()).isGreaterThan(0.5);
            }
        }
        double nngp100 = cmd.result.points().stream().filter(p -> p.model().equals("NNGP depth 1") && p.n() == 100)
                .findFirst().orElseThrow().accuracy();
        double nngp300 = cmd.result.points().stream().filter(p -> p.model().equals("NNGP depth 1") && p.n() == 300)
                .findFirst().orElseThrow().accuracy();
        assertThat(nngp300).isGreaterThan(nngp100); // more data helps
        assertThat(cmd.result.points().stream().filter(p -> p.model().equals("CNN-GP")).map(FashionMnistCommand.Point::n))
                .containsExactly(100); // up to --cnn-max-size
    }
}
