package org.tangent4j.examples.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FunctionEvolutionTest {

    @Test
    void widerNetworksStayCloserToTheInfiniteWidthMedian(@TempDir Path dir) {
        FunctionEvolutionCommand cmd = new FunctionEvolutionCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--widths", "16,256", "--inits", "2",
                "--steps", "100", "--angles", "21");
        assertThat(status).isZero();
        // The infinite-width mean interpolates the four training targets.
        assertThat(cmd.result.maxTrainResidualInfinite()).isLessThan(1e-8);
        var narrow = cmd.result.widths().get(0);
        var wide = cmd.result.widths().get(1);
        assertThat(wide.meanAbsDeviationFromMedian()).isLessThan(narrow.meanAbsDeviationFromMedian());
        assertThat(Files.exists(dir.resolve("function-evolution.png"))).isTrue();
    }
}
