package org.tangent4j.examples.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.MonteCarloKernels;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.limits.ExpectationMethod;
import org.tangent4j.examples.support.Progress;
import org.tangent4j.examples.support.Threads;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tangent4j kernel}: NNGP / NTK Gram matrices of a fully-connected network for points read from .npy or .csv
 * files, analytic (infinite width), empirical (one finite network) or Monte Carlo (averaged over initialisations).
 */
@Command(name = "kernel", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compute NNGP/NTK kernel matrices of a fully-connected network, or of any architecture file (--arch), for your points.",
        footer = {"%nOutputs (shape [N1, N2], traced over outputs): PREFIX-ntk.npy, and PREFIX-nngp.npy for --analytic",
                  "and --monte-carlo. Example:",
                  "  ./tangent4j kernel --analytic --x1 x.npy --depth 3 --activation relu --out out/k"})
final class KernelCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--analytic", required = true, description = "infinite-width limits Sigma^(L) and Theta^(L)")
        boolean analytic;

        @Option(names = "--empirical", required = true, description = "the tangent kernel of one network of width --width")
        boolean empirical;

        @Option(names = "--monte-carlo", required = true, description = "the average over --samples initialisations")
        boolean monteCarlo;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--x1", required = true, paramLabel = "FILE", description = "points as rows, [N1, d] (.npy or .csv)")
    Path x1File;

    @Option(names = "--x2", paramLabel = "FILE", description = "second point set [N2, d] (default: x1)")
    Path x2File;

    @Mixin
    ArchitectureOptions arch = new ArchitectureOptions();

    @Option(names = "--width", paramLabel = "N", defaultValue = "512", description = "hidden width for --empirical/--monte-carlo (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "initialisation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--samples", paramLabel = "M", defaultValue = "10", description = "initialisations for --monte-carlo (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--expectations", paramLabel = "METHOD", defaultValue = "AUTOMATIC",
            description = "with --analytic, activation expectations by ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}:"
                    + " closed forms, else Hermite series, else adaptive quadrature; all to 1e-10)")
    ExpectationMethod expectations;

    @Option(names = "--save-params", paramLabel = "DIR", description = "with --empirical: save the network (arch.json and one .npy per parameter)")
    Path saveParams;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "output prefix, e.g. out/kernels")
    String out;

    /** Library argument names -&gt; this command's flags, for messages that reach the user. */
    private static final Map<String, String> FLAGS = Map.of("x1", "--x1", "x2", "--x2", "width", "--width", "wStd", "--w-std",
            "bStd", "--b-std", "seeds", "--samples", "activation", "--activation");

    @Override
    public Integer call() {
        if (saveParams != null && !mode.empirical) {
            throw new IllegalArgumentException("--save-params " + saveParams + ": expected it with --empirical only"
                    + " (the one network whose kernel is computed)");
        }
        if (arch.fromFile()) {
            var net = arch.network();
            INDArray a1 = UserInput.inputs("--x1", x1File);
            INDArray a2 = x2File == null ? a1 : UserInput.inputs("--x2", x2File);
            if (!mode.analytic) {
                Checks.positive("--width", width);
                if (mode.monteCarlo) {
                    Checks.positive("--samples", samples);
                }
            }
            ArchitectureKernels.run(arch.archFile, net, mode.analytic ? ArchitectureKernels.Mode.ANALYTIC : mode.empirical
                    ? ArchitectureKernels.Mode.EMPIRICAL : ArchitectureKernels.Mode.MONTE_CARLO, a1, x1File, a2, x2File,
                    width, seed, samples, saveParams, OutputFiles.of(out, "-nngp.npy"), OutputFiles.of(out, "-ntk.npy"));
            return 0;
        }
        INDArray x1 = UserInput.points("--x1", x1File);
        INDArray x2 = x2File == null ? x1 : UserInput.points("--x2", x2File, "--x1", x1);
        DenseStack stack = arch.stack();
        long n1 = x1.rows();
        long n2 = x2.rows();
        long d = x1.columns();
        String points = n1 + " x " + n2 + " points";
        Path ntkFile = OutputFiles.of(out, "-ntk.npy");
        Path nngpFile = OutputFiles.of(out, "-nngp.npy");
        if (mode.analytic) {
            if (n1 * n2 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--x1, --x2: " + points + " give N1 x N2 = " + n1 * n2 + " kernel entries,"
                        + " more than 2^31 - 1 per matrix: use fewer points, or compute the kernels in blocks (tiles) of rows of --x1");
            }
            Memory.requireNative("kernel --analytic: the NNGP and NTK matrices [" + n1 + ", " + n2 + "] (2 x "
                    + Memory.format(Memory.doubles("K", n1, n2)) + ")", 2 * Memory.doubles("K", n1, n2),
                    "use fewer points, or compute the kernels in blocks (tiles) of rows of --x1 and --x2");
            Progress progress = Progress.of("NNGP and NTK, " + n1 + " x " + n2, 100);
            KernelPair k = UserInput.naming(FLAGS,
                    () -> InfiniteWidth.of(stack, expectations).kernels(x1, x2, progress::update));
            ArrayFiles.write(nngpFile, k.nngp());
            ArrayFiles.write(ntkFile, k.ntk());
            report(nngpFile, k.nngp());
            report(ntkFile, k.ntk());
            return 0;
        }
        Checks.positive("--width", width);
        if (mode.monteCarlo) {
            Checks.positive("--samples", samples);
        }
        // 3 P doubles for the network's parameters and their copies (peak RSS 1.14 GB measured at width 4096, depth 3,
        // 256 points, P = 33.6 M; 0.29 GB at width 16), the forward activations and backward signals of every layer on
        // N1 + N2 points, the Gram matrices per layer being summed, and (Monte Carlo) the two running averages.
        long extra = mode.monteCarlo ? 5 : 3;
        Footprint.requireWidth("kernel " + (mode.empirical ? "--empirical" : "--monte-carlo") + " on " + points, arch, d, width, 1,
                w -> Footprint.doubles(Math.multiplyExact(3, Footprint.parameters(arch.depth, d, w, 1, arch.bStd > 0)),
                        Math.multiplyExact(2L * (arch.depth + 1) * (n1 + n2), w), Math.multiplyExact(extra * n1, n2)));
        if (mode.empirical) {
            Threads.preferSingleUpTo(width);
            DenseNetwork net = UserInput.naming(FLAGS, () -> DenseNetworks.realize(stack, (int) d, width, 1, seed));
            INDArray ntk = UserInput.naming(FLAGS, () -> EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED).compute(net, x1, x2).traced());
            ArrayFiles.write(ntkFile, ntk);
            report(ntkFile, ntk);
            if (saveParams != null) {
                OutputFiles.saveNetwork(net::save, saveParams);
                System.out.println("saved parameters to " + saveParams);
            }
        } else {
            Threads.preferSingleUpTo(width);
            long[] seeds = LongStream.range(seed, seed + samples).toArray();
            MonteCarloKernels mc = UserInput.naming(FLAGS, () -> EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED)
                    .monteCarlo(s -> DenseNetworks.realize(stack, (int) d, width, 1, s), seeds, x1, x2));
            ArrayFiles.write(nngpFile, mc.nngp().traced());
            ArrayFiles.write(ntkFile, mc.ntk().traced());
            report(nngpFile, mc.nngp().traced());
            report(ntkFile, mc.ntk().traced());
        }
        return 0;
    }

    private static void report(Path file, INDArray k) {
        System.out.printf("wrote %s  shape [%d, %d]  k[0,0] = %.6g%n", file, k.rows(), k.columns(), k.getDouble(0, 0));
    }
}
