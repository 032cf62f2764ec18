package org.tangent4j.examples.randomfeatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RandomFeaturesTest {

    @Test
    void kernelConvergesAndParameterAndFunctionSpaceTrainingAgree(@TempDir Path dir) {
        RandomFeaturesCommand cmd = new RandomFeaturesCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--features", "16,256,4096",
                "--train-features", "64", "--steps", "50");
        assertThat(status).isZero();
        // Monte Carlo error of a P-term average: slope -1/2 in expectation; three seeded points leave room for noise.
        assertThat(cmd.result.slope()).isBetween(-0.9, -0.25);
        // The model is linear in theta, so the equivalence is exact up to float64 round-off.
        assertThat(cmd.result.maxTrajectoryGap()).isLessThan(1e-10);
        assertThat(Files.exists(dir.resolve("equivalence.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("kernel-convergence.csv"))).isTrue();
    }
}
