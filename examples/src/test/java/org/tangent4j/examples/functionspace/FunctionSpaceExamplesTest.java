package org.tangent4j.examples.functionspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The function-space examples at reduced settings: their numbers and files cannot rot. */
class FunctionSpaceExamplesTest {

    @Test
    void functionalGdAgreesWithParameterSpaceAndReachesRidge(@TempDir Path dir) {
        FunctionalGdCommand cmd = new FunctionalGdCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--points", "15", "--steps", "300");
        assertThat(status).isZero();
        // w_t^T x = f_t(x) exactly in exact arithmetic; float64 round-off over 300 steps stays ~1e-14.
        assertThat(cmd.result.maxLinearGap()).isLessThan(1e-10);
        // 300 steps at 0.9 of the stability bound contract the error by (1 - 0.9 * lambda_min/lambda_max)^300; with
        // lambda = 1 this is below 1e-8 for this kernel; the closed form is the independent reference.
        assertThat(cmd.result.finalRidgeDistance()).isLessThan(1e-8);
        assertThat(cmd.result.finalLoss()).isCloseTo(cmd.result.ridgeLoss(), org.assertj.core.api.Assertions.within(1e-10));
        for (String f : new String[] {"linear-model.csv", "linear-model-loss.png", "rkhs-fit.png", "rkhs-loss.png", "rkhs-loss.csv", "rkhs-fit.csv"}) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
    }

    @Test
    void gpPosteriorShrinksUncertaintyAtTheData(@TempDir Path dir) {
        GpPosteriorCommand cmd = new GpPosteriorCommand();
        int status = new CommandLine(cmd).execute("--out-dir", dir.toString(), "--grid", "40", "--samples", "2");
        assertThat(status).isZero();
        for (GpPosteriorCommand.KernelSummary s : cmd.result.kernels()) {
            // With noise variance 0.01 the posterior sd at a training point is below the noise sd 0.1.
            assertThat(s.maxTrainStd()).as(s.kernel()).isLessThan(0.1);
            assertThat(Files.exists(dir.resolve("posterior-" + s.kernel() + ".png"))).isTrue();
        }
        assertThat(Files.exists(dir.resolve("posterior.csv"))).isTrue();
    }
}
