package org.tangent4j.examples.ntk;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Ledger;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Progress;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The NTK paper's Figure 1 (Jacot, Gabriel, Hongler 2018): a ReLU network with four weight matrices (three hidden
 * layers), b_std = 0.1, inputs on the unit circle. For each width and initialisation, Theta(x0, x(gamma)) with
 * x0 = (1, 0) and x(gamma) = (cos gamma, sin gamma), at initialisation and after gradient descent on
 * C = 1/(2N) sum (f(x_i) - x_i1 x_i2)^2 with standard normal inputs x_i; the infinite-width Theta^(4) is overlaid.
 * The wider the network, the closer its kernel to the limit, and the less it moves in training.
 */
@Command(name = "ntk-convergence", mixinStandardHelpOptions = true,
        description = "Paper Figure 1: empirical NTKs of ReLU networks at init and after training against the infinite-width limit.")
public final class NtkConvergenceCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--widths", split = ",", defaultValue = "100,500",
            description = "hidden widths (the paper: 500,10000) (default: ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--inits", defaultValue = "10", description = "initialisations per width (default: ${DEFAULT-VALUE})")
    int inits;

    @Option(names = "--steps", defaultValue = "200", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "1.0", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--train-points", defaultValue = "20", description = "training inputs x ~ N(0, I_2) (default: ${DEFAULT-VALUE})")
    int trainPoints;

    @Option(names = "--angles", defaultValue = "101", description = "points on the circle (default: ${DEFAULT-VALUE})")
    int angles;

    /** Per width: the mean over initialisations of the relative L2 distance of Theta(x0, .) to the limit, and its drift. */
    public record WidthSummary(int width, double initError, double trainedError, double drift) {
    }

    /** What the run measured. */
    public record Result(double analyticAtX0, List<WidthSummary> widths, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("analytic Theta(x0, x0) = %.5f (the recursion in the setting of the paper's Figure 1: 0.2825 by hand)%n",
                result.analyticAtX0());
        System.out.printf("%8s %22s %22s %18s%n", "width", "|Theta_0 - Theta|/|Theta|", "|Theta_T - Theta|/|Theta|", "|Theta_T - Theta_0|/|Theta_0|");
        for (WidthSummary w : result.widths()) {
            System.out.printf("%8d %22.4f %22.4f %18.4f%n", w.width(), w.initError(), w.trainedError(), w.drift());
        }
        System.out.println("wrote " + result.dir().resolve("ntk-convergence.png") + " and ntk-convergence.csv");
        return 0;
    }

    /** Runs the experiment; writes the figure and the table. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("ntk-convergence");
        DenseStack stack = DenseStack.fullyConnected(3, Activations.relu(), 1.0, 0.1);
        INDArray circle = Data.circle(angles);
        INDArray x0 = circle.getRows(angles / 2).dup(); // gamma = 0: (1, 0) for an odd number of angles
        double[] gamma = Data.circleAngles(angles);
        double[] analytic = Data.values(InfiniteWidth.of(stack).ntk().gram(x0, circle));
        INDArray xTrain = Data.gaussian(output.seed, trainPoints, 2);
        INDArray yTrain = xTrain.getColumn(0).mul(xTrain.getColumn(1)).reshape(trainPoints, 1);

        Table table = Table.of("width", "init", "trained", "gamma", "theta", "theta_analytic").note("example", "ntk-convergence")
                .note("seed", output.seed).note("architecture", "Dense, 3 x (relu, Dense); w_std 1, b_std 0.1, NTK parameterization")
                .note("training", steps + " steps of gradient descent, lr " + lr + ", C = 1/(2N) sum (f - x1 x2)^2, N = " + trainPoints);
        Plot plot = Plot.titled("NTK convergence (Jacot et al. 2018, Fig. 1): Theta(x0, x(gamma)), ReLU, depth 4")
                .axes("gamma", "Theta(x0, x)").angleAxis();
        List<WidthSummary> summaries = new ArrayList<>();
        EmpiricalTangentKernel ntk = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        CompiledCost mse = CompiledCost.of(Costs.squared(), 1);
        Ledger ledger = Ledger.open(dir.resolve("ntk-convergence.partial.csv"), "seed " + output.seed + ", angles " + angles
                + ", steps " + steps + ", lr " + lr + ", train points " + trainPoints);
        for (int wi = 0; wi < widths.length; wi++) {
            int n = widths[wi];
            Progress progress = Progress.of("width " + n, inits);
            double initErr = 0;
            double trainedErr = 0;
            double drift = 0;
            for (int s = 0; s < inits; s++) {
                long seed = output.seed * 1000 + 17L * n + s;
                double[] both = ledger.computeIfAbsent(new double[] {n, s}, () -> {
                    DenseNetwork net = DenseNetworks.realize(stack, 2, n, 1, seed);
                    double[] initial = Data.values(ntk.compute(net, x0, circle).traced());
                    GradientDescent.train(net, mse, xTrain, yTrain, TrainingOptions.fullBatch(lr, steps).withTrackEvery(steps));
                    double[] trained = Data.values(ntk.compute(net, x0, circle).traced());
                    double[] joined = Arrays.copyOf(initial, 2 * angles);
                    System.arraycopy(trained, 0, joined, angles, angles);
                    return joined;
                });
                double[] before = Arrays.copyOfRange(both, 0, angles);
                double[] after = Arrays.copyOfRange(both, angles, 2 * angles);
                initErr += relativeDistance(before, analytic) / inits;
                trainedErr += relativeDistance(after, analytic) / inits;
                drift += relativeDistance(after, before) / inits;
                for (int g = 0; g < angles; g++) {
                    table.row(n, s, 0, gamma[g], before[g], analytic[g]);
                    table.row(n, s, 1, gamma[g], after[g], analytic[g]);
                }
                Color c = Plot.widthColour(n);
                plot.series(s == 0 ? "n = " + n + ", t = 0" : "", gamma, before, Plot.Style.THIN, c);
                plot.series(s == 0 ? "n = " + n + ", t = " + steps : "", gamma, after, Plot.Style.DASHED, c);
                progress.update(s + 1);
            }
            summaries.add(new WidthSummary(n, initErr, trainedErr, drift));
        }
        plot.series("n = infinity (Theta^(4))", gamma, analytic, Plot.Style.LINE, Plot.INFINITE_WIDTH);
        plot.savePng(dir.resolve("ntk-convergence"));
        table.save(dir.resolve("ntk-convergence.csv"));
        Table summary = Table.of("width", "init_error", "trained_error", "drift").note("example", "ntk-convergence summary")
                .note("definition", "relative L2 distances over the circle, mean over " + inits + " initialisations");
        for (WidthSummary w : summaries) {
            summary.row(w.width(), w.initError(), w.trainedError(), w.drift());
        }
        summary.save(dir.resolve("summary.csv"));
        ledger.finish();
        return new Result(analytic[angles / 2], summaries, dir);
    }

    private static double relativeDistance(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
