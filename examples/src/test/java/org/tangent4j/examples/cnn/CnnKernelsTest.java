package org.tangent4j.examples.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cnn-kernels at a reduced setting. */
class CnnKernelsTest {

    @Test
    void pooledKernelIsShiftInvariantAndWideNetworksAreCloser(@TempDir Path dir) {
        CnnKernelsCommand cmd = new CnnKernelsCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--size", "4", "--widths", "16,256",
                "--seeds", "3");
        assertThat(status).isZero();
        // circular convolutions and a global average: a circularly moved blob has the same kernel (to rounding)
        for (double v : cmd.result.poolRow()) {
            assertThat(v).isCloseTo(1.0, within(1e-12));
        }
        assertThat(cmd.result.flattenRow()[2]).isLessThan(0.9);
        // n^-1/2: 4 times smaller from 16 to 256 channels; a factor 1.5 leaves room for 3-seed noise
        assertThat(cmd.result.errors()[0][1]).isLessThan(cmd.result.errors()[0][0] / 1.5);
        assertThat(cmd.result.errors()[1][1]).isLessThan(cmd.result.errors()[1][0] / 1.5);
        assertThat(Files.exists(dir.resolve("cnn-kernels-spatial.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("cnn-kernels-convergence.csv"))).isTrue();
    }
}
