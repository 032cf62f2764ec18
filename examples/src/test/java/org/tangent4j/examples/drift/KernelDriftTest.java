package org.tangent4j.examples.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KernelDriftTest {

    /** Reduced setting: the kernel drift, the largest weight change and the linearization gap all shrink with width. */
    @Test
    void wideNetworksTrainLazily(@TempDir Path dir) throws Exception {
        KernelDriftCommand cmd = new KernelDriftCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--widths", "32,128,512", "--inits", "2",
                "--steps", "40", "--train-points", "8");
        assertThat(status).isZero();
        // The initial kernel fluctuates around the infinite-width NTK like n^-1/2 (Jacot et al. 2018, Theorem 1).
        assertThat(cmd.result.initSpreadSlope()).isBetween(-0.8, -0.3);
        // ... and the kernel moves during training with a clearly steeper slope (about -1: Dyer and Gur-Ari 2020).
        assertThat(cmd.result.driftSlope()).isLessThan(cmd.result.initSpreadSlope() - 0.2);
        // Drift: at most O(n^-1/2) (Lee et al. 2019, Thm 2.1), about 1/n (Dyer and Gur-Ari 2020); single weights and the
        // linearization gap O(n^-1/2); 2 seeds x 3 widths leave room for noise.
        assertThat(cmd.result.driftSlope()).isBetween(-1.3, -0.25);
        assertThat(cmd.result.maxChangeSlope()).isBetween(-1.0, -0.2);
        assertThat(cmd.result.gapSlope()).isLessThan(-0.2);
        // The total distance |theta_T - theta_0| does not vanish: its slope is near 0.
        assertThat(cmd.result.distanceSlope()).isBetween(-0.25, 0.25);
        assertThat(Files.exists(dir.resolve("kernel-drift.png"))).isTrue();
        assertThat(Files.readString(dir.resolve("kernel-drift.csv")))
                .contains("width,init,kernel_drift,max_weight_change,weight_distance,gap_to_linearized,init_spread");
    }

    /**
     * An interrupted run resumes: a unit already in the ledger (written here with recognisable values) is taken from
     * it, not recomputed, and the ledger is removed once the outputs are complete.
     */
    @Test
    void aFinishedUnitIsReadFromTheLedger(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kernel-drift.partial.csv"),
                "# settings = seed 42, steps 10, lr 0.5, train points 8, columns drift,max-change,distance,gap,init-spread\n"
                + "2,32.0,0.0,0.5,0.25,2.0,0.125,0.0625\n");
        KernelDriftCommand cmd = new KernelDriftCommand();
        assertThat(new CommandLine(cmd).execute("--out-dir", dir.toString(), "--widths", "32,64", "--inits", "1",
                "--steps", "10", "--train-points", "8")).isZero();
        assertThat(cmd.result.table()[0]).containsExactly(32, 0.5, 0.25, 2.0, 0.125, 0.0625);
        assertThat(cmd.result.table()[1][1]).isNotEqualTo(0.5).isPositive(); // width 64 was computed
        assertThat(Files.readString(dir.resolve("kernel-drift.csv"))).contains("32,0,0.5,0.25,2,0.125,0.0625");
        assertThat(Files.exists(dir.resolve("kernel-drift.partial.csv"))).isFalse();
    }
}
