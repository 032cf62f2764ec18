package org.tangent4j.examples.evolution;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.dynamics.InfiniteWidthEnsemble;
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
 * The NTK paper's Figure 2: networks of two widths trained to convergence on four points of the unit circle, against
 * the infinite-width prediction. At infinite width the trained function at t = infinity is Gaussian (initial function
 * from the NNGP, training by NTK gradient flow); its 10th, 50th and 90th percentiles are drawn.
 */
@Command(name = "function-evolution", mixinStandardHelpOptions = true,
        description = "Paper Figure 2: trained networks of two widths against the infinite-width Gaussian's percentiles at t = infinity.")
public final class FunctionEvolutionCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--widths", split = ",", defaultValue = "50,200", description = "hidden widths (the paper: 50,1000) (default: ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--inits", defaultValue = "6", description = "initialisations per width (the paper: 10) (default: ${DEFAULT-VALUE})")
    int inits;

    @Option(names = "--steps", defaultValue = "1000", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "1.0", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--angles", defaultValue = "101", description = "plotted points on the circle (default: ${DEFAULT-VALUE})")
    int angles;

    /** Training angles and targets (four points on the circle). */
    static final double[] TRAIN_ANGLES = {-2.2, -1.0, 1.0, 2.2};
    static final double[] TRAIN_TARGETS = {-0.4, -0.2, 0.3, 0.3};

    /** Per width: the fraction of plotted points where the trained functions lie inside the 10-90 band, averaged. */
    public record WidthSummary(int width, double insideBand, double meanAbsDeviationFromMedian) {
    }

    /** What the run measured. */
    public record Result(java.util.List<WidthSummary> widths, double maxTrainResidualInfinite, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%8s %24s %30s%n", "width", "inside 10-90% band", "mean |f - median(infinite)|");
        for (WidthSummary w : result.widths()) {
            System.out.printf("%8d %24.3f %30.4f%n", w.width(), w.insideBand(), w.meanAbsDeviationFromMedian());
        }
        System.out.println("wrote " + result.dir().resolve("function-evolution.png") + " and function-evolution.csv");
        return 0;
    }

    /** Runs the experiment. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("function-evolution");
        DenseStack stack = DenseStack.fullyConnected(3, Activations.relu(), 1.0, 0.1);
        double[] gamma = Data.circleAngles(angles);
        INDArray circle = Data.circle(angles);
        double[][] tp = new double[TRAIN_ANGLES.length][];
        for (int i = 0; i < tp.length; i++) {
            tp[i] = new double[] {Math.cos(TRAIN_ANGLES[i]), Math.sin(TRAIN_ANGLES[i])};
        }
        INDArray x = Nd4j.createFromArray(tp);
        INDArray y = Nd4j.createFromArray(TRAIN_TARGETS).reshape(TRAIN_TARGETS.length, 1);

        InfiniteWidthEnsemble ensemble = InfiniteWidthEnsemble.atInfinity(InfiniteWidth.of(stack), x, Nd4j.createFromArray(TRAIN_TARGETS));
        double[] median = Data.values(ensemble.mean(circle));
        double[] sd = Data.values(ensemble.variance(circle));
        double[] lo = new double[angles];
        double[] hi = new double[angles];
        for (int g = 0; g < angles; g++) {
            sd[g] = Math.sqrt(Math.max(sd[g], 0));
            lo[g] = median[g] - 1.2816 * sd[g];
            hi[g] = median[g] + 1.2816 * sd[g];
        }
        double maxTrain = Data.values(ensemble.mean(x).sub(Nd4j.createFromArray(TRAIN_TARGETS)))[0];

        Plot plot = Plot.titled("Function evolution (Jacot et al. 2018, Fig. 2): trained networks vs n = infinity")
                .axes("gamma", "f(cos gamma, sin gamma)").angleAxis();
        Table table = Table.of("width", "init", "gamma", "f_trained", "median_infinite", "p10_infinite", "p90_infinite")
                .note("example", "function-evolution").note("seed", output.seed)
                .note("training", steps + " steps of gradient descent, lr " + lr + ", C = 1/(2N) sum (f - y)^2 on 4 points of the circle");
        java.util.List<WidthSummary> summaries = new java.util.ArrayList<>();
        CompiledCost mse = CompiledCost.of(Costs.squared(), 1);
        Ledger ledger = Ledger.open(dir.resolve("function-evolution.partial.csv"), "seed " + output.seed + ", angles " + angles
                + ", steps " + steps + ", lr " + lr);
        for (int wi = 0; wi < widths.length; wi++) {
            int n = widths[wi];
            Progress progress = Progress.of("width " + n, inits);
            double inside = 0;
            double dev = 0;
            for (int s = 0; s < inits; s++) {
                long seed = output.seed * 1000 + 31L * n + s;
                double[] f = ledger.computeIfAbsent(new double[] {n, s}, () -> {
                    DenseNetwork net = DenseNetworks.realize(stack, 2, n, 1, seed);
                    GradientDescent.train(net, mse, x, y, TrainingOptions.fullBatch(lr, steps).withTrackEvery(steps));
                    return Data.values(net.apply(circle));
                });
                for (int g = 0; g < angles; g++) {
                    table.row(n, s, gamma[g], f[g], median[g], lo[g], hi[g]);
                    inside += (f[g] >= lo[g] && f[g] <= hi[g] ? 1.0 : 0.0) / (angles * inits);
                    dev += Math.abs(f[g] - median[g]) / (angles * inits);
                }
                plot.series(s == 0 ? "n = " + n : "", gamma, f, Plot.Style.THIN, Plot.widthColour(n));
                progress.update(s + 1);
            }
            summaries.add(new WidthSummary(n, inside, dev));
        }
        plot.series("n = infinity, P50", gamma, median, Plot.Style.LINE, Plot.INFINITE_WIDTH)
                .series("n = infinity, {P10, P90}", gamma, lo, Plot.Style.DASHED, Plot.INFINITE_WIDTH)
                .series("", gamma, hi, Plot.Style.DASHED, Plot.INFINITE_WIDTH)
                .series("training points", TRAIN_ANGLES, TRAIN_TARGETS, Plot.Style.POINTS, new Color(255, 127, 14));
        plot.savePng(dir.resolve("function-evolution"));
        table.save(dir.resolve("function-evolution.csv"));
        ledger.finish();
        return new Result(summaries, Math.abs(maxTrain), dir);
    }
}
