package org.tangent4j.examples.customcost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CustomCostTest {

    @Test
    void quantileCostTrainsTowardsItsQuantileAndFollowsTheKernelDynamics(@TempDir Path dir) {
        CustomCostCommand cmd = new CustomCostCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--width", "256", "--steps", "150", "--points", "30");
        assertThat(status).isZero();
        assertThat(cmd.result.finalCost()).isLessThan(cmd.result.initialCost());
        // A fitted 0.8-quantile has about 80% of the targets below it (30 points: +-0.15 covers the sampling spread).
        assertThat(cmd.result.fractionBelow()).isBetween(0.6, 0.95);
        // Width 256: the network stays near its linearization (the gap shrinks like n^-1/2, see kernel-drift).
        assertThat(cmd.result.relativeGapToFlow()).isLessThan(0.3);
        assertThat(Files.exists(dir.resolve("custom-cost.png"))).isTrue();
    }
}
