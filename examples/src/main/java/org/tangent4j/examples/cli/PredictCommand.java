package org.tangent4j.examples.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.dynamics.InfiniteWidthEnsemble;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.gp.Posterior;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.linalg.NotPositiveDefiniteException;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.InfiniteWidthKernels;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tangent4j predict}: predictions of an infinitely wide network (a fully-connected stack by flags, or any
 * architecture file by {@code --arch}) at test points, as a Gaussian: the NNGP
 * posterior (Bayesian inference, {@code --gp}) or the ensemble of networks trained by gradient flow for a time T
 * ({@code --flow}, NNGP initial function and NTK dynamics; {@code --time inf} for the end of training).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Infinite-width predictions: NNGP posterior (--gp) or the trained-ensemble Gaussian at time T (--flow).",
        footer = {"%nWrites PREFIX-mean.npy ([NT, k] for targets [N] or [N, k]: one factorisation for all k columns) and",
                  "PREFIX-var.npy ([NT], the predictive variance of each test point, the same for every output); with",
                  "--covariance also PREFIX-cov.npy ([NT, NT]). Example:",
                  "  ./tangent4j predict --x x.npy --y y.npy --test xt.npy --depth 2 --flow --lr 1 --time inf --out out/p",
                  "  ./tangent4j predict --arch cnn.json --x images.npy --y y.npy --test test-images.npy --gp --noise 1e-6 --out out/p"})
final class PredictCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--gp", required = true, description = "NNGP posterior (Bayesian inference with the infinite network's prior)")
        boolean gp;

        @Option(names = "--flow", required = true, description = "gradient flow with the NTK from an NNGP-distributed initial function")
        boolean flow;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "training inputs [N, d] (.npy or .csv);"
            + " with --arch also [N, L, C] signals or [N, H, W, C] images (.npy)")
    Path xFile;

    @Option(names = "--y", required = true, paramLabel = "FILE", description = "training targets [N] or [N, k] (k outputs, e.g. one-hot classes)")
    Path yFile;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "test inputs [NT, d] (with --arch: the per-input shape of --x)")
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

    @Option(names = "--covariance", description = "also write the test covariance PREFIX-cov.npy [NT, NT] (memory NT^2 doubles)")
    boolean covariance;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "output prefix")
    String out;

    /** Library argument names -&gt; this command's flags, for messages that reach the user. */
    private static final Map<String, String> FLAGS = Map.of("x", "--x", "train", "--x", "y", "--y", "targets", "--y", "test", "--test",
            "learningRate", "--lr", "noiseVariance", "--noise", "time", "--time", "wStd", "--w-std", "bStd", "--b-std");

    @Override
    public Integer call() {
        INDArray x;
        INDArray y;
        INDArray test;
        InfiniteWidthKernels limits;
        Kernel prior;
        INDArray gpTrain;
        INDArray gpTest;
        if (arch.fromFile()) {
            Network network = arch.network();
            x = UserInput.inputs("--x", xFile);
            y = UserInput.targets("--y", yFile, "--x", x);
            test = UserInput.inputs("--test", testFile);
            UserInput.samePointShape("--test", testFile, test, "--x", x);
            Shape in = ArchitectureKernels.inputShape(arch.archFile, network, "--x", xFile, x);
            limits = network;
            // the GP posterior takes points as rows: the network's NNGP on the flattened inputs
            prior = ArchitectureKernels.nngpOnRows(network, in);
            gpTrain = ArchitectureKernels.rows(x);
            gpTest = ArchitectureKernels.rows(test);
        } else {
            x = UserInput.points("--x", xFile);
            y = UserInput.targets("--y", yFile, "--x", x);
            test = UserInput.points("--test", testFile, "--x", x);
            InfiniteWidth stack = InfiniteWidth.of(arch.stack());
            limits = stack;
            prior = stack.nngp();
            gpTrain = x;
            gpTest = test;
        }
        INDArray targets = y.rank() == 1 ? y.reshape(y.length(), 1) : y;
        if (mode.gp) {
            Checks.nonNegative("--noise", noise);
        } else {
            Checks.positive("--lr", lr);
        }
        long n = x.size(0);
        long m = test.size(0);
        // Training: K(X, X) and Theta(X, X) (both computed together) and the factorisation or eigendecomposition
        // (a work copy and, for --flow, the eigenvectors). Test: the cross kernels [NT, N] (two, and their products),
        // and with --covariance the [NT, NT] prior and result.
        long bytes = Math.addExact(Memory.doubles("training kernels", 4, n, n), Memory.doubles("test kernels", 4, m, n));
        if (covariance) {
            bytes = Math.addExact(bytes, Memory.doubles("test covariance", 4, m, m));
        }
        Memory.requireNative("predict on " + n + " training and " + m + " test points" + (covariance ? " with --covariance" : ""),
                bytes, covariance ? "leave out --covariance (the variances are written without it), or use fewer points"
                        : "use fewer training or test points (test points may be predicted in blocks of rows)");
        INDArray mean;
        INDArray variance;
        INDArray cov = null;
        if (mode.gp) {
            Posterior p;
            try {
                p = UserInput.naming(FLAGS, () -> GaussianProcess.zeroMean(prior).condition(gpTrain, targets, noise));
            } catch (NotPositiveDefiniteException e) {
                throw new IllegalArgumentException("--gp: the NNGP Gram matrix of the " + n + " points of --x plus --noise " + noise
                        + " times I is not positive definite to working precision (the Cholesky factorisation failed at its leading minor of order "
                        + e.failedMinor() + "): give an observation noise, e.g. --noise 1e-6, or remove duplicate or nearly duplicate points", e);
            }
            mean = p.mean(gpTest);
            variance = p.variance(gpTest);
            cov = covariance ? p.covariance(gpTest) : null;
        } else {
            InfiniteWidthEnsemble e = UserInput.naming(FLAGS, () -> InfiniteWidthEnsemble.of(limits, x, targets, lr));
            mean = e.mean(test, time);
            variance = e.variance(test, time);
            cov = covariance ? e.covariance(test, time) : null;
        }
        Path meanFile = OutputFiles.of(out, "-mean.npy");
        Path varFile = OutputFiles.of(out, "-var.npy");
        ArrayFiles.write(meanFile, mean);
        ArrayFiles.write(varFile, variance);
        System.out.printf("wrote %s [%d, %d] and %s [%d]%n", meanFile, mean.rows(), mean.columns(), varFile, variance.length());
        if (cov != null) {
            Path covFile = OutputFiles.of(out, "-cov.npy");
            ArrayFiles.write(covFile, cov);
            System.out.printf("wrote %s [%d, %d]%n", covFile, cov.rows(), cov.columns());
        }
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
