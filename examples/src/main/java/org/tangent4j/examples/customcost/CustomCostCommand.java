package org.tangent4j.examples.customcost;

import java.awt.Color;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.CostFunctional;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.LinearizedNetwork;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
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
 * A new cost functional in a few lines: the pinball (quantile) loss C = (1/N) sum_i max(tau r_i, (tau - 1) r_i),
 * r = y - f, written as a SameDiff expression. Its dual d = N dC/df comes from autodiff; a wide network trained by
 * gradient descent on it is compared with the kernel gradient flow d f / dt = -(eta/N) Theta_0 d(f) of its initial
 * tangent kernel, in its discrete form (the linearized network trained in function space: the flow has no closed form
 * for this cost, and its piecewise-constant dual makes the ODE stiff for adaptive integrators).
 */
@Command(name = "custom-cost", mixinStandardHelpOptions = true,
        description = "A quantile cost written in a few lines: its dual, and its kernel gradient flow against the trained network.")
public final class CustomCostCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--tau", defaultValue = "0.8", description = "quantile level tau in (0, 1) (default: ${DEFAULT-VALUE})")
    double tau;

    @Option(names = "--width", defaultValue = "512", description = "hidden width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--steps", defaultValue = "300", description = "gradient-descent steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--points", defaultValue = "40", description = "training points (default: ${DEFAULT-VALUE})")
    int points;

    /** The pinball loss for level tau: the whole user-side definition of a new cost. */
    static CostFunctional quantile(double tau) {
        return (sd, f, y) -> {
            SDVariable r = y.sub(f);
            return sd.math.max(r.mul(tau), r.mul(tau - 1)).sum().div(sd.sizeAt(f, 0).castTo(f.dataType()));
        };
    }

    /** What the run measured. */
    public record Result(double fractionBelow, double relativeGapToFlow, double initialCost, double finalCost, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("quantile cost %.5f -> %.5f; fraction of targets below the trained network %.3f (tau = %.2f)%n",
                result.initialCost(), result.finalCost(), result.fractionBelow(), tau);
        System.out.printf("trained network vs kernel gradient descent with Theta_0: relative L2 gap %.4f%n", result.relativeGapToFlow());
        System.out.println("wrote " + result.dir().resolve("custom-cost.png") + " and custom-cost.csv");
        return 0;
    }

    /** Runs the example. */
    public Result run() {
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("--tau = " + tau + ": expected 0 < tau < 1");
        }
        Threads.preferSingle();
        Path dir = output.dir("custom-cost");
        INDArray x = Data.uniform1d(output.seed, points, -2, 2);
        // Heteroscedastic noise: the 0.8-quantile sits well above the mean where the noise is large.
        INDArray noise = Data.gaussian(output.seed + 1, points, 1);
        INDArray y = x.mul(0.5).add(noise.mul(x.add(2.5).mul(0.2)));
        INDArray grid = Data.grid1d(81, -2, 2);
        CompiledCost cost = CompiledCost.of(quantile(tau), 1);
        DenseNetwork net = DenseNetworks.realize(DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1), 1, width, 1, output.seed + 2);
        LinearizedNetwork linearized = LinearizedNetwork.of(net, x, grid, TangentKernelMethod.STRUCTURED);
        double c0 = cost.value(net.apply(x), y);
        Progress progress = Progress.of("training", steps);
        GradientDescent.train(net, cost, x, y, TrainingOptions.fullBatch(lr, steps).withTrackEvery(steps), progress::update);
        INDArray[] path = linearized.train(cost, y, lr, steps);
        double[] trained = Data.values(net.apply(grid));
        double[] viaFlow = Data.values(path[steps].getRows(java.util.stream.IntStream.range(points, points + 81).toArray()));
        double num = 0;
        double den = 0;
        for (int i = 0; i < trained.length; i++) {
            num += (trained[i] - viaFlow[i]) * (trained[i] - viaFlow[i]);
            den += viaFlow[i] * viaFlow[i];
        }
        INDArray fx = net.apply(x);
        double below = fx.gt(y).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue() / points;
        double[] g = Data.column(grid, 0);
        Plot.titled(String.format("Quantile regression (tau = %.2f): trained network and kernel gradient descent", tau)).axes("x", "f(x)")
                .series("data", Data.column(x, 0), Data.values(y), Plot.Style.POINTS, Color.BLACK)
                .series("network after " + steps + " steps", g, trained, Plot.Style.LINE, new Color(31, 119, 180))
                .series("kernel gradient descent with Theta_0", g, viaFlow, Plot.Style.DASHED, new Color(214, 39, 40))
                .savePng(dir.resolve("custom-cost"));
        Table t = Table.of("x", "trained", "kernel_flow").note("example", "custom-cost").note("tau", tau).note("width", width)
                .note("steps", steps).note("lr", lr).note("cost", "(1/N) sum max(tau r, (tau - 1) r), r = y - f");
        for (int i = 0; i < g.length; i++) {
            t.row(g[i], trained[i], viaFlow[i]);
        }
        t.save(dir.resolve("custom-cost.csv"));
        return new Result(below, Math.sqrt(num / den), c0, cost.value(fx, y), dir);
    }
}
