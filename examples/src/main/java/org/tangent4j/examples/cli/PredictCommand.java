package org.tangent4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.dynamics.InfiniteWidthEnsemble;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.gp.Posterior;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.limits.InfiniteWidth;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tangent4j predict}: predictions of an infinitely wide network at test points, as a Gaussian: the NNGP
 * posterior (Bayesian inference, {@code --gp}) or the ensemble of networks trained by gradient flow for a time T
 * ({@code --flow}, NNGP initial function and NTK dynamics; {@code --time inf} for the end of training).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Infinite-width predictions: NNGP posterior (--gp) or the trained-ensemble Gaussian at time T (--flow).",
        footer = {"%nWrites PREFIX-mean.npy ([NT, 1]) and PREFIX-cov.npy ([NT, NT]). Example:",
                  "  ./tangent4j predict --x x.npy --y y.npy --test xt.npy --depth 2 --flow --lr 1 --time inf --out out/p"})
final class PredictCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--gp", required = true, description = "NNGP posterior (Bayesian inference with the infinite network's prior)")
        boolean gp;

        @Option(names = "--flow", required = true, description = "gradient flow with the NTK from an NNGP-distributed initial function")
        boolean flow;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "training inputs [N, d] (.npy or .csv)")
    Path xFile;

    @Option(names = "--y", required = true, paramLabel = "FILE", description = "training targets [N] or [N, 1]")
    Path yFile;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "test inputs [NT, d]")
    Path testFile;

    @Mixin
    ArchitectureOptions arch = new ArchitectureOptions();

    @Option(names = "--noise", paramLabel = "S2", defaultValue = "0", description = "--gp: observation noise variance (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "1.0", description = "--flow: learning rate eta (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--time", paramLabel = "T", defaultValue = "inf", converter = TimeConverter.class,
            description = "--flow: training time (number of unit-time steps at rate eta), or inf (default: ${DEFAULT-VALUE})")
    double time;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "output prefix")
    String out;

    @Override
    public Integer call() {
        INDArray x = ArrayFiles.read(xFile);
        INDArray y = ArrayFiles.read(yFile);
        INDArray test = ArrayFiles.read(testFile);
        INDArray targets = y.reshape(y.length());
        InfiniteWidth limits = InfiniteWidth.of(arch.stack());
        INDArray mean;
        INDArray cov;
        if (mode.gp) {
            Posterior p = GaussianProcess.zeroMean(limits.nngp()).condition(x, targets, noise);
            mean = p.mean(test);
            cov = p.covariance(test);
        } else {
            InfiniteWidthEnsemble e = InfiniteWidthEnsemble.of(limits, x, targets, lr);
            mean = e.mean(test, time);
            cov = e.covariance(test, time);
        }
        Path meanFile = OutputFiles.of(out, "-mean.npy");
        Path covFile = OutputFiles.of(out, "-cov.npy");
        ArrayFiles.write(meanFile, mean.reshape(mean.length(), 1));
        ArrayFiles.write(covFile, cov);
        System.out.printf("wrote %s [%d, 1] and %s [%d, %d]%n", meanFile, mean.length(), covFile, cov.rows(), cov.columns());
        return 0;
    }

    /** Parses a non-negative time or {@code inf}. */
    static final class TimeConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.equals("inf") || v.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            double t = Double.parseDouble(v);
            if (!(t >= 0)) {
                throw new IllegalArgumentException("--time = " + value + ": expected a number >= 0 or inf");
            }
            return t;
        }
    }
}
