package org.tangent4j.examples.drift;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.LinearizedNetwork;
import org.tangent4j.autodiff.training.Snapshot;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Fit;
import org.tangent4j.examples.support.Ledger;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Progress;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Lazy training in numbers: ReLU networks with two hidden layers of widths 64..1024 trained by gradient descent on a
 * small regression set. Per width (mean over initialisations), on the training points X:
 * <ul>
 *   <li>the spread of the initial kernel, |Theta_0 - Theta_inf|_F / |Theta_inf|_F with Theta_inf the infinite-width NTK
 *       ({@link InfiniteWidth}): the fluctuation at initialisation, O(n^-1/2) (Jacot et al. 2018, Theorem 1);</li>
 *   <li>the drift during training, |Theta_T - Theta_0|_F / |Theta_0|_F: bounded by O(n^-1/2) (Lee et al. 2019,
 *       Theorem 2.1), argued to be O(1/n) (Dyer and Gur-Ari 2020; Huang and Yau 2020);</li>
 *   <li>the largest single-parameter change (O(n^-1/2)), the total parameter distance |theta_T - theta_0| (O(1)), and
 *       the gap between the trained network and its linearization f_lin, which evolves by
 *       f &lt;- f - (eta/N) Theta_0(., X) d with the initial kernel, relative to |f_lin - f_0|.</li>
 * </ul>
 * The log-log slopes against the width are fitted and printed; both kernel curves are plotted.
 */
@Command(name = "kernel-drift", mixinStandardHelpOptions = true,
        description = "Kernel drift, weight motion and linearization gap against width (log-log, fitted slopes).")
public final class KernelDriftCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--widths", split = ",", defaultValue = "64,128,256,512,1024", description = "hidden widths (default: ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--inits", defaultValue = "3", description = "initialisations per width (default: ${DEFAULT-VALUE})")
    int inits;

    @Option(names = "--steps", defaultValue = "200", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--train-points", defaultValue = "16", description = "training inputs x ~ N(0, I_2), y = x1 x2 (default: ${DEFAULT-VALUE})")
    int points;

    /** Fitted log-log slopes against the width. */
    public record Result(double[][] table, double initSpreadSlope, double driftSlope, double maxChangeSlope, double distanceSlope, double gapSlope, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%8s %14s %14s %16s %16s %16s%n", "width", "Theta_0 spread", "kernel drift", "max |dtheta_p|", "|theta-theta0|", "gap to f_lin");
        for (double[] row : result.table()) {
            System.out.printf("%8.0f %14.5f %14.5f %16.6f %16.4f %16.5f%n", row[0], row[5], row[1], row[2], row[3], row[4]);
        }
        System.out.printf("log-log slopes: Theta_0 spread %.3f (expected -1/2), drift %.3f (about -1), max change %.3f (-1/2),"
                + " distance %.3f (0), gap %.3f (at most -1/2)%n", result.initSpreadSlope(), result.driftSlope(), result.maxChangeSlope(), result.distanceSlope(), result.gapSlope());
        System.out.println("wrote " + result.dir().resolve("kernel-drift.png") + " and kernel-drift.csv");
        return 0;
    }

    /** Runs the experiment. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("kernel-drift");
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1);
        INDArray x = Data.gaussian(output.seed, points, 2);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).reshape(points, 1);
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        double[][] rows = new double[widths.length][6];
        INDArray thetaInf = InfiniteWidth.of(stack).ntk().gram(x);
        double thetaInfNorm = thetaInf.norm2Number().doubleValue();
        EmpiricalTangentKernel tangent = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        Table table = Table.of("width", "init", "kernel_drift", "max_weight_change", "weight_distance", "gap_to_linearized", "init_spread")
                .note("example", "kernel-drift").note("seed", output.seed).note("architecture", "Dense, 2 x (relu, Dense), w_std 1, b_std 0.1")
                .note("training", steps + " steps, lr " + lr + ", C = 1/(2N) sum (f - x1 x2)^2, N = " + points)
                .note("kernel_drift", "|Theta_T - Theta_0|_F / |Theta_0|_F on the training points")
                .note("init_spread", "|Theta_0 - Theta_inf|_F / |Theta_inf|_F on the training points, Theta_inf the infinite-width NTK")
                .note("gap_to_linearized", "|f_T - f_lin,T| / |f_lin,T - f_0| on the training points");
        Ledger ledger = Ledger.open(dir.resolve("kernel-drift.partial.csv"), "seed " + output.seed + ", steps " + steps
                + ", lr " + lr + ", train points " + points + ", columns drift,max-change,distance,gap,init-spread");
        for (int wi = 0; wi < widths.length; wi++) {
            int n = widths[wi];
            Progress progress = Progress.of("width " + n, inits);
            rows[wi][0] = n;
            for (int s = 0; s < inits; s++) {
                long seed = output.seed * 7919 + 13L * n + s;
                double[] v = ledger.computeIfAbsent(new double[] {n, s}, () -> {
                    DenseNetwork net = DenseNetworks.realize(stack, 2, n, 1, seed);
                    double spread = tangent.compute(net, x).traced().sub(thetaInf).norm2Number().doubleValue() / thetaInfNorm;
                    LinearizedNetwork linearized = LinearizedNetwork.of(net, x, null, TangentKernelMethod.STRUCTURED);
                    INDArray f0 = linearized.initialOutputs();
                    INDArray fLin = linearized.train(cost, y, lr, steps)[steps];
                    Snapshot last = GradientDescent.train(net, cost, x, y, TrainingOptions.fullBatch(lr, steps).withTrackEvery(steps)).last();
                    double gap = last.outputs().sub(fLin).norm2Number().doubleValue() / fLin.sub(f0).norm2Number().doubleValue();
                    return new double[] {last.kernelDrift(), last.maxWeightChange(), last.weightDistance(), gap, spread};
                });
                for (int j = 0; j < 5; j++) {
                    rows[wi][j + 1] += v[j] / inits;
                }
                table.row(n, s, v[0], v[1], v[2], v[3], v[4]);
                progress.update(s + 1);
            }
        }
        table.save(dir.resolve("kernel-drift.csv"));
        double[] w = column(rows, 0);
        double[] slopes = new double[5];
        Plot plot = Plot.titled("Lazy training: motion against width (log-log)").axes("width n", "relative change").logLog();
        String[] names = {"kernel drift in training |Theta_T - Theta_0| / |Theta_0|", "largest single-weight change", "|theta_T - theta_0|",
            "gap to the linearized network", "spread at initialisation |Theta_0 - Theta_inf| / |Theta_inf|"};
        Color[] colours = {new Color(214, 39, 40), new Color(31, 119, 180), new Color(127, 127, 127), new Color(44, 160, 44),
            new Color(148, 103, 189)};
        for (int j = 0; j < 5; j++) {
            slopes[j] = Fit.logLogSlope(w, column(rows, j + 1));
            plot.series(String.format("%s (slope %.2f)", names[j], slopes[j]), w, column(rows, j + 1), j == 4 ? Plot.Style.DASHED : Plot.Style.LINE, colours[j]);
        }
        plot.savePng(dir.resolve("kernel-drift"));
        ledger.finish();
        return new Result(rows, slopes[4], slopes[0], slopes[1], slopes[2], slopes[3], dir);
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
