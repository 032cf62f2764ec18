package org.tangent4j.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CustomArchitectureTest {

    @Test
    void residualNetworkKernelsAgreeAndTrainingReducesTheLoss(@TempDir Path dir) {
        CustomArchitectureCommand cmd = new CustomArchitectureCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--width", "32", "--inits", "2",
                "--steps", "20", "--angles", "11");
        assertThat(status).isZero();
        // Jacobian contraction and the structured contraction are two algorithms for the same sum over parameters.
        assertThat(cmd.result.methodsRelativeDifference()).isLessThan(1e-10);
        assertThat(cmd.result.finalLoss()).isLessThan(cmd.result.initialLoss());
        assertThat(Files.exists(dir.resolve("custom-architecture-kernel.png"))).isTrue();
        assertThat(Files.exists(dir.resolve("custom-architecture-loss.csv"))).isTrue();
    }
}
