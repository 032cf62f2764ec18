package org.tangent4j.examples.functionspace;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.functional.FunctionalGradientDescent;
import org.tangent4j.core.functional.KernelRidge;
import org.tangent4j.core.functional.LinearModelGradientDescent;
import org.tangent4j.core.functional.Trajectory;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.LinearKernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.rkhs.RkhsFunction;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gradient descent on parameters as functional gradient descent, run. (1) f(x) = w^T x trained by gradient descent on w with
 * L(w) = sum_i (y_i - w^T x_i)^2 + lambda |w|^2, next to functional gradient descent on the same loss in the RKHS of
 * the linear kernel: the two give the same function at every step. (2) Functional gradient descent with an RBF
 * kernel reaching the kernel-ridge solution beta = (K + lambda I)^-1 y.
 */
@Command(name = "functional-gd", mixinStandardHelpOptions = true,
        description = "Functional gradient descent: the linear model on w vs in function space, and RKHS descent reaching kernel ridge regression.")
public final class FunctionalGdCommand implements Callable<Integer> {

    /** Relative excess losses below this are round-off of L (float64), not convergence; they are not plotted. */
    static final double ROUND_OFF_FLOOR = 1e-12;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--points", defaultValue = "40", description = "training points (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--lambda", defaultValue = "1.0", description = "ridge penalty lambda (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--steps", defaultValue = "400", description = "gradient steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--step-fraction", defaultValue = "0.9",
            description = "step size as a fraction of the stability bound 1/(lambda_max(K) + lambda) (default: ${DEFAULT-VALUE})")
    double stepFraction;

    @Option(names = "--length-scale", defaultValue = "0.7", description = "RBF length scale (default: ${DEFAULT-VALUE})")
    double lengthScale;

    /** What the run measured, for tests and the summary. */
    public record Result(double maxLinearGap, double finalRidgeDistance, double finalLoss, double ridgeLoss, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("linear model: max |w_t^T x - f_t(x)| over %d steps = %.3e (parameter and function space agree)%n",
                steps, result.maxLinearGap());
        System.out.printf("RBF kernel: loss %.6f after %d steps, ridge optimum %.6f, max |f_T - f_ridge| on the grid = %.3e%n",
                result.finalLoss(), steps, result.ridgeLoss(), result.finalRidgeDistance());
        System.out.println("wrote " + result.dir().resolve("*.png") + " and *.csv");
        return 0;
    }

    /** Runs both parts and writes PNG + CSV into the output folder. */
    public Result run() {
        Path dir = output.dir("functional-gd");
        long seed = output.seed;

        // (1) The linear model in R^3: x ~ N(0, I), y = x.(1, -2, 0.5) + 0.1 noise.
        INDArray x = Data.gaussian(seed, points, 3);
        INDArray wTrue = Nd4j.createFromArray(1.0, -2.0, 0.5).reshape(3, 1);
        INDArray y = x.mmul(wTrue).reshape(points).addi(Data.gaussian(seed + 1, 1, points).reshape(points).muli(0.1));
        LinearModelGradientDescent linear = new LinearModelGradientDescent(x, y, lambda);
        double alphaLinear = stepFraction * 2 / linear.hessianLargestEigenvalue();
        LinearModelGradientDescent.Path wPath = linear.run(linear.zeroWeights(), alphaLinear, steps);
        KernelRidge linearRidge = new KernelRidge(x, y, lambda);
        Kernel linearKernel = new LinearKernel();
        Trajectory fPath = FunctionalGradientDescent.run(linearRidge.objective(), RkhsFunction.zero(linearKernel, x), alphaLinear, steps);
        INDArray probe = Data.gaussian(seed + 2, 50, 3);
        Table linearTable = Table.of("step", "loss_w", "loss_f", "max_abs_gap").note("example", "functional-gd (linear model)")
                .note("seed", seed).note("lambda", lambda).note("step_size", alphaLinear).note("points", points);
        double maxGap = 0;
        for (int t = 0; t <= steps; t++) {
            INDArray fw = probe.mmul(wPath.weights().get(t).reshape(3, 1)).reshape(50);
            INDArray ff = fPath.iterates().get(t).apply(probe);
            double gap = fw.sub(ff).amaxNumber().doubleValue();
            maxGap = Math.max(maxGap, gap);
            linearTable.row(t, wPath.losses()[t], fPath.losses()[t], gap);
        }
        linearTable.save(dir.resolve("linear-model.csv"));
        // The linear model converges within a few dozen steps; plot the first 60 (the CSV has them all).
        int shownSteps = Math.min(steps, 60) + 1;
        double[] stepAxis = java.util.Arrays.copyOf(linearTable.column("step"), shownSteps);
        Plot.titled("Linear model: gradient descent on w and in function space (linear kernel)")
                .axes("step", "L").logY()
                .series("L(w_t), parameter space", stepAxis, java.util.Arrays.copyOf(linearTable.column("loss_w"), shownSteps), Plot.Style.LINE, new Color(31, 119, 180))
                .series("L(f_t), functional GD", stepAxis, java.util.Arrays.copyOf(linearTable.column("loss_f"), shownSteps), Plot.Style.DASHED, new Color(214, 39, 40))
                .savePng(dir.resolve("linear-model-loss"));

        // (2) RBF kernel, 1-D: y = sin(2x) + 0.1 noise on [-3, 3]; FGD from f = 0 to the ridge solution.
        INDArray x1 = Data.uniform1d(seed + 3, points, -3, 3);
        INDArray y1 = Data.targets(x1, u -> Math.sin(2 * u), 0.1, seed + 4);
        Kernel rbf = new RbfKernel(lengthScale);
        KernelRidge ridge = new KernelRidge(x1, y1, lambda);
        double alpha = stepFraction * ridge.stabilityBound(rbf);
        Trajectory tr = FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(rbf, x1), alpha, steps);
        RkhsFunction fRidge = ridge.solve(rbf);
        double ridgeLoss = ridge.objective().value(fRidge);
        INDArray grid = Data.grid1d(200, -3.5, 3.5);
        Table lossTable = Table.of("step", "loss", "loss_minus_optimum").note("example", "functional-gd (RBF kernel ridge)")
                .note("seed", seed).note("lambda", lambda).note("length_scale", lengthScale).note("step_size", alpha)
                .note("stability_bound", ridge.stabilityBound(rbf));
        for (int t = 0; t <= steps; t++) {
            lossTable.row(t, tr.losses()[t], tr.losses()[t] - ridgeLoss);
        }
        lossTable.save(dir.resolve("rkhs-loss.csv"));
        double[] g = Data.column(grid, 0);
        Plot fit = Plot.titled("Functional gradient descent (RBF) reaching kernel ridge regression").axes("x", "f(x)")
                .series("training data", Data.column(x1, 0), Data.values(y1), Plot.Style.POINTS, Color.BLACK);
        int[] shown = {5, 25, steps / 4, steps};
        Color[] shades = {new Color(198, 219, 239), new Color(107, 174, 214), new Color(33, 113, 181), new Color(8, 48, 107)};
        for (int i = 0; i < shown.length; i++) {
            int t = Math.min(shown[i], steps);
            fit.series("f_t, t = " + t, g, Data.values(tr.iterates().get(t).apply(grid)), Plot.Style.LINE, shades[i]);
        }
        double[] ridgeValues = Data.values(fRidge.apply(grid));
        fit.series("kernel ridge (K + lambda I)^-1 y", g, ridgeValues, Plot.Style.DASHED, new Color(214, 39, 40));
        fit.savePng(dir.resolve("rkhs-fit"));
        // The relative excess loss falls geometrically until it meets the round-off of L (about 1e-16 L* per term):
        // it is plotted while above 1e-12, where it is still a measured quantity (rkhs-loss.csv has every step).
        int resolved = 0;
        while (resolved <= steps && (tr.losses()[resolved] - ridgeLoss) / ridgeLoss > ROUND_OFF_FLOOR) {
            resolved++;
        }
        double[] excess = new double[resolved];
        double[] excessSteps = new double[resolved];
        for (int t = 0; t < resolved; t++) {
            excessSteps[t] = t;
            excess[t] = (tr.losses()[t] - ridgeLoss) / ridgeLoss;
        }
        Plot.titled("Functional gradient descent: relative excess loss (L(f_t) - L*) / L*").axes("step", "(L(f_t) - L*) / L*  (shown while above 1e-12)").logY()
                .series("", excessSteps, excess, Plot.Style.LINE, new Color(31, 119, 180))
                .savePng(dir.resolve("rkhs-loss"));
        Table fitTable = Table.of("x", "f_final", "f_ridge").note("example", "functional-gd (fitted function)");
        double[] fFinal = Data.values(tr.last().apply(grid));
        double dist = 0;
        for (int i = 0; i < g.length; i++) {
            fitTable.row(g[i], fFinal[i], ridgeValues[i]);
            dist = Math.max(dist, Math.abs(fFinal[i] - ridgeValues[i]));
        }
        fitTable.save(dir.resolve("rkhs-fit.csv"));
        return new Result(maxGap, dist, tr.losses()[steps], ridgeLoss, dir);
    }
}
