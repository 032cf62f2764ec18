package org.tangent4j.examples.randomfeatures;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.RandomFeatures;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.Snapshot;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Fit;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The random-functions approximation (Jacot et al. 2018, Section 3.1): F_lin(theta) = P^-1/2 sum_p theta_p f_p with random ReLU features
 * f_p(x) = relu(w_p x + c_p), w_p, c_p ~ N(0, 1). (1) Its tangent kernel (1/P) sum_p f_p(x) f_p(x') approaches
 * E[relu(w x + c) relu(w x' + c)] (the arc-cosine kernel, computed by core.limits) like P^-1/2. (2) Gradient descent on
 * theta and kernel gradient descent in function space with that tangent kernel give the same function at every step.
 */
@Command(name = "random-features", mixinStandardHelpOptions = true,
        description = "Random-features model: its tangent kernel approaching the limit as P grows, and parameter vs function-space training.")
public final class RandomFeaturesCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--features", split = ",", defaultValue = "16,64,256,1024,4096,16384",
            description = "numbers of features P (default: ${DEFAULT-VALUE})")
    int[] features;

    @Option(names = "--train-features", defaultValue = "256", description = "P of the trained model (default: ${DEFAULT-VALUE})")
    int trainFeatures;

    @Option(names = "--steps", defaultValue = "300", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    /** What the run measured. */
    public record Result(double[] kernelErrors, double slope, double maxTrajectoryGap, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%8s %26s%n", "P", "|Theta_P - Theta|_F/|Theta|_F");
        for (int i = 0; i < features.length; i++) {
            System.out.printf("%8d %26.5f%n", features[i], result.kernelErrors()[i]);
        }
        System.out.printf("fitted log-log slope %.3f (expected -1/2)%n", result.slope());
        System.out.printf("parameter GD vs kernel GD: max |f_theta_t(x) - f_t(x)| over %d steps = %.2e%n", steps, result.maxTrajectoryGap());
        System.out.println("wrote " + result.dir().resolve("*.png") + " and *.csv");
        return 0;
    }

    /** Runs both parts. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("random-features");
        long seed = output.seed;
        INDArray grid = Data.grid1d(41, -2, 2);
        // E_{w, c ~ N(0,1)}[relu(w x + c) relu(w x' + c)]: input kernel x x' (d = 1), then Dense(1, 1), ReLU, Dense(1, 0).
        DenseStack limitStack = new DenseStack(java.util.List.of(new Dense(1, 1), new Nonlinearity(Activations.relu()), new Dense(1, 0)),
                Parameterization.NTK);
        INDArray limit = InfiniteWidth.of(limitStack).nngp().gram(grid);
        EmpiricalTangentKernel ntk = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        double[] errors = new double[features.length];
        Table table = Table.of("P", "relative_error").note("example", "random-features").note("seed", seed)
                .note("features", "f_p(x) = relu(w_p x + c_p), w_p, c_p ~ N(0, 1)");
        for (int i = 0; i < features.length; i++) {
            RealizationFunction f = model(features[i], seed + i);
            INDArray k = ntk.compute(f, grid).traced();
            errors[i] = k.sub(limit).norm2Number().doubleValue() / limit.norm2Number().doubleValue();
            table.row(features[i], errors[i]);
        }
        double slope = Fit.logLogSlope(java.util.Arrays.stream(features).asDoubleStream().toArray(), errors);
        table.note("fitted_slope", slope).save(dir.resolve("kernel-convergence.csv"));
        double[] p = new double[features.length];
        double[] ref = new double[features.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = features[i];
            ref[i] = errors[0] * Math.sqrt(features[0] / p[i]);
        }
        Plot.titled(String.format("Random-features tangent kernel vs its limit (slope %.2f)", slope)).axes("P", "relative error").logLog()
                .series("|Theta_P - Theta|_F / |Theta|_F", p, errors, Plot.Style.POINTS, new Color(31, 119, 180))
                .series("P^-1/2", p, ref, Plot.Style.DASHED, Color.GRAY)
                .savePng(dir.resolve("kernel-convergence"));

        // (2) The equivalence, exact for this linear model.
        INDArray x = Data.uniform1d(seed + 50, 12, -2, 2);
        INDArray y = Data.targets(x, u -> Math.sin(2 * u), 0, seed).reshape(12, 1);
        RealizationFunction f = model(trainFeatures, seed + 99);
        INDArray all = Nd4j.concat(0, x, grid);
        INDArray theta = ntk.compute(f, all, x).traced();            // Theta(Z, X), Z = training points then grid
        INDArray fz = f.apply(all);                                    // kernel GD state: f_t on Z
        double[] gap = {0};
        int n = (int) x.rows();
        Table traj = Table.of("step", "loss_parameter_gd", "max_abs_gap").note("example", "random-features (training)")
                .note("P", trainFeatures).note("lr", lr);
        // Gradient descent on theta, tracking f on Z at every step, against kernel gradient descent
        // f_{t+1}(Z) = f_t(Z) - (lr / N) Theta(Z, X)(f_t(X) - y) from the same initial function.
        java.util.List<Snapshot> snaps = GradientDescent.train(f, CompiledCost.of(Costs.squared(), 1), x, y,
                TrainingOptions.fullBatch(lr, steps).withProbes(all).withTrackEvery(1)).snapshots();
        for (int t = 0; t <= steps; t++) {
            INDArray paramSpace = snaps.get(t).outputs();
            INDArray trainResidual = paramSpace.getRows(range(n)).sub(y);
            double d = paramSpace.sub(fz).amaxNumber().doubleValue();
            gap[0] = Math.max(gap[0], d);
            traj.row(t, trainResidual.mul(trainResidual).sumNumber().doubleValue() / (2 * n), d);
            if (t < steps) {
                fz.subi(theta.mmul(fz.getRows(range(n)).sub(y)).muli(lr / n));
            }
        }
        traj.save(dir.resolve("equivalence.csv"));
        double[] gx = Data.column(grid, 0);
        double[] fTrained = Data.values(f.apply(grid));
        double[] fKernel = Data.values(fz.getRows(rangeFrom(n, (int) all.rows())));
        Plot.titled("Random features: parameter GD and kernel GD after " + steps + " steps").axes("x", "f(x)")
                .series("training data", Data.column(x, 0), Data.values(y), Plot.Style.POINTS, Color.BLACK)
                .series("gradient descent on theta", gx, fTrained, Plot.Style.LINE, new Color(31, 119, 180))
                .series("kernel gradient descent (tangent kernel)", gx, fKernel, Plot.Style.DASHED, new Color(214, 39, 40))
                .savePng(dir.resolve("equivalence"));
        return new Result(errors, slope, gap[0], dir);
    }

    /** F_lin with P random ReLU features of a scalar input, w_p, c_p ~ N(0, 1), theta ~ N(0, 1); seeded. */
    static RealizationFunction model(int p, long seed) {
        INDArray w = Data.gaussian(seed * 31 + 1, 1, p);
        INDArray c = Data.gaussian(seed * 31 + 2, 1, p).reshape(p);
        return RandomFeatures.relu(w, c, 1, seed * 31 + 3);
    }

    private static int[] range(int n) {
        return rangeFrom(0, n);
    }

    private static int[] rangeFrom(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
