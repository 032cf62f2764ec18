package org.tangent4j.examples.ntk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Figure 1 at a reduced setting: the limit is the paper's number, and the wider network is the closer one. */
class NtkConvergenceTest {

    @Test
    void widerNetworksAreCloserToTheLimitAndMoveLess(@TempDir Path dir) {
        NtkConvergenceCommand cmd = new NtkConvergenceCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--widths", "32,1024", "--inits", "3",
                "--steps", "10", "--angles", "21", "--train-points", "8");
        assertThat(status).isZero();
        assertThat(cmd.result.analyticAtX0()).isCloseTo(0.2825, within(1e-12)); // the recursion in the Figure 1 setting, by hand
        var narrow = cmd.result.widths().get(0);
        var wide = cmd.result.widths().get(1);
        // Fluctuations scale like n^-1/2: sqrt(1024 / 32) = 5.7 times smaller; a factor 2 leaves room for 3-seed noise.
        assertThat(wide.initError()).isLessThan(narrow.initError() / 2);
        assertThat(wide.drift()).isLessThan(narrow.drift() / 2);
        assertThat(Files.exists(dir.resolve("ntk-convergence.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("summary.csv"))).isTrue();
    }
}
