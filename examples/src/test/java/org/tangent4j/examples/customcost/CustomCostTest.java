package org.tangent4j.examples.customcost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.cost.CompiledCost;
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

    /**
     * The dual d = N dC/df of C = (1/N) sum_i max(tau r_i, (tau - 1) r_i), r = y - f, as docs/examples/custom-cost.md
     * states it: -tau where the network is below its target (r > 0), 1 - tau where it is above (r < 0).
     */
    @Test
    void dualIsMinusTauBelowTheTargetAndOneMinusTauAbove() {
        double tau = 0.8;
        double[] d = CompiledCost.of(CustomCostCommand.quantile(tau), 1)
                .dual(Nd4j.createFromArray(new double[][] {{0.0}, {2.0}, {-1.0}}), Nd4j.createFromArray(new double[][] {{1.0}, {1.0}, {3.0}}))
                .reshape(3).toDoubleVector();
        assertThat(d).containsExactly(new double[] {-tau, 1 - tau, -tau}, org.assertj.core.data.Offset.offset(1e-12));
    }
}
