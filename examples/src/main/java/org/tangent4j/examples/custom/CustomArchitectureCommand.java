package org.tangent4j.examples.custom;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.MonteCarloKernels;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Progress;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A residual network written directly in SameDiff ({@link ResidualNetwork}): its empirical NTK by two methods that
 * must agree (Jacobian contraction and the structured layer-wise contraction), its Monte Carlo kernel over
 * initialisations, and how it trains (loss and kernel drift) on f*(x) = x1 x2.
 */
@Command(name = "custom-architecture", mixinStandardHelpOptions = true,
        description = "A residual network written in SameDiff: its empirical and Monte Carlo NTK, and its training.")
public final class CustomArchitectureCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--width", defaultValue = "256", description = "width n of the residual block (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--inits", defaultValue = "8", description = "initialisations for the Monte Carlo kernel (default: ${DEFAULT-VALUE})")
    int inits;

    @Option(names = "--steps", defaultValue = "200", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--angles", defaultValue = "61", description = "points on the circle (default: ${DEFAULT-VALUE})")
    int angles;

    /** What the run measured. */
    public record Result(double methodsRelativeDifference, double finalLoss, double initialLoss, double kernelDrift, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("structured vs Jacobian NTK: relative difference %.2e%n", result.methodsRelativeDifference());
        System.out.printf("training: loss %.5f -> %.5f in %d steps; relative kernel drift %.4f%n", result.initialLoss(),
                result.finalLoss(), steps, result.kernelDrift());
        System.out.println("wrote " + result.dir().resolve("*.png") + " and *.csv");
        return 0;
    }

    /** Runs the example and writes its plots and tables. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("custom-architecture");
        INDArray circle = Data.circle(angles);
        INDArray x0 = circle.getRows(angles / 2).dup();
        double[] gamma = Data.circleAngles(angles);
        RealizationFunction net = ResidualNetwork.create(2, width, output.seed);

        // (1) Two algorithms, one kernel.
        INDArray viaJacobian = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(net, circle).traced();
        EmpiricalTangentKernel structured = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        INDArray viaStructure = structured.compute(net, circle).traced();
        double diff = viaStructure.sub(viaJacobian).norm2Number().doubleValue() / viaJacobian.norm2Number().doubleValue();

        // (2) Monte Carlo over initialisations: the expected kernel of this architecture.
        long[] seeds = LongStream.range(output.seed + 1, output.seed + 1 + inits).toArray();
        Progress progress = Progress.of("Monte Carlo kernels", inits);
        int[] done = {0};
        MonteCarloKernels mc = structured.monteCarlo(s -> {
            progress.update(done[0]++);
            return ResidualNetwork.create(2, width, s);
        }, seeds, x0, circle);
        progress.update(inits);
        Plot kernelPlot = Plot.titled("Residual network (SameDiff): Theta(x0, x(gamma)), width " + width).axes("gamma", "Theta(x0, x)").angleAxis();
        kernelPlot.series("one network, t = 0", gamma, Data.values(viaStructure.getRow(angles / 2)), Plot.Style.LINE, Plot.widthColour(width));
        kernelPlot.series("Monte Carlo mean over " + inits + " inits", gamma, Data.values(mc.ntk().traced()), Plot.Style.LINE, Color.BLACK);
        kernelPlot.series("Monte Carlo NNGP E[f(x0) f(x)]", gamma, Data.values(mc.nngp().traced()), Plot.Style.DASHED, new Color(127, 127, 127));

        // (3) Training on f*(x) = x1 x2, x ~ N(0, I).
        INDArray xTrain = Data.gaussian(output.seed + 100, 20, 2);
        INDArray yTrain = xTrain.getColumn(0).mul(xTrain.getColumn(1)).reshape(20, 1);
        Progress trainProgress = Progress.of("training", steps);
        double[] loss = GradientDescent.train(net, CompiledCost.of(Costs.squared(), 1), xTrain, yTrain,
                TrainingOptions.fullBatch(lr, steps).withTrackEvery(steps), trainProgress::update).loss();
        INDArray after = structured.compute(net, circle).traced();
        double drift = after.sub(viaStructure).norm2Number().doubleValue() / viaStructure.norm2Number().doubleValue();
        kernelPlot.series("one network, t = " + steps, gamma, Data.values(after.getRow(angles / 2)), Plot.Style.DASHED, Plot.widthColour(width));
        kernelPlot.savePng(dir.resolve("custom-architecture-kernel"));

        double[] stepAxis = new double[steps + 1];
        Table lossTable = Table.of("step", "loss").note("example", "custom-architecture").note("seed", output.seed)
                .note("width", width).note("lr", lr).note("cost", "C = 1/(2N) sum (f - x1 x2)^2, N = 20");
        for (int t = 0; t <= steps; t++) {
            stepAxis[t] = t;
            lossTable.row(t, loss[t]);
        }
        lossTable.save(dir.resolve("custom-architecture-loss.csv"));
        Plot.titled("Residual network: training loss").axes("step", "C").logY().line("C(f_t)", stepAxis, loss)
                .savePng(dir.resolve("custom-architecture-loss"));
        Table kernels = Table.of("gamma", "theta_init", "theta_trained", "theta_monte_carlo", "nngp_monte_carlo")
                .note("example", "custom-architecture").note("methods_relative_difference", diff).note("kernel_drift", drift);
        double[] init = Data.values(viaStructure.getRow(angles / 2));
        double[] trained = Data.values(after.getRow(angles / 2));
        double[] mcNtk = Data.values(mc.ntk().traced());
        double[] mcNngp = Data.values(mc.nngp().traced());
        for (int g = 0; g < angles; g++) {
            kernels.row(gamma[g], init[g], trained[g], mcNtk[g], mcNngp[g]);
        }
        kernels.save(dir.resolve("custom-architecture-kernel.csv"));
        return new Result(diff, loss[steps], loss[0], drift, dir);
    }
}
