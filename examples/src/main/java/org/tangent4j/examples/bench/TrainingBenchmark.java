package org.tangent4j.examples.bench;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.autodiff.training.TrainingRecord;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.autodiff.realization.GradientFunctions;

/**
 * Training cost against width: a dense ReLU network d = 16 -&gt; n -&gt; n -&gt; 1 (NTK parameterization, biases,
 * float64) on N random points with the squared loss, for n = 256, 512, ... up to the largest width. Per width it prints
 * the time of one full-batch gradient (forward pass, cost dual, one vector-Jacobian product; best of 3) with its FLOP
 * rate against the machine's measured matrix-multiply rate (about 6 N P flops), the time of the structured tangent
 * kernel Theta(X, X) (both after one untimed warm-up call) that tracking the kernel costs, and a whole {@link GradientDescent} run of T steps (stability
 * check, kernel at the start and the end) with its peak memory: JVM heap and the process's resident set, which stays
 * bounded because training frees native buffers as it goes.
 *
 * <p>Usage: {@code TrainingBenchmark [maxWidth] [N] [T]} (defaults 4096, 256, 10).
 */
public final class TrainingBenchmark {

    private static final int D = 16;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        GradientFunctions.quietConsole(); // SameDiff prints a line per differentiated op
        int maxWidth = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        double mmulRate = Machine.mmulGflops(2048);
        System.out.printf(Locale.ROOT, "TrainingBenchmark: depth-2 ReLU, d = %d, N = %d, %d steps per run, %d cores;"
                + " float64 mmul (2048^3) %.1f GFLOP/s%n", D, n, steps, Runtime.getRuntime().availableProcessors(), mmulRate);
        INDArray x = Nd4j.randn(7L, new long[] {n, D}).castTo(DataType.DOUBLE);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).reshape(n, 1);
        CompiledCost mse = CompiledCost.of(Costs.squared(), 1);
        EmpiricalTangentKernel ntk = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1);
        System.out.printf("%7s %10s %12s %14s %11s %12s %14s %12s%n", "width", "P", "gradient", "GFLOP/s (%mm)",
                "NTK(X,X)", "run", "peak +heap", "peak +RSS");
        DenseNetwork warm = DenseNetworks.realize(stack, D, 64, 1, 1); // JVM and SameDiff warm-up, untimed
        GradientDescent.train(warm, mse, x, y, TrainingOptions.fullBatch(0.5, 2));
        for (int width = 256; width <= maxWidth; width *= 2) {
            DenseNetwork net = DenseNetworks.realize(stack, D, width, 1, 11 + width);
            long p = net.parameterCount();
            mse.parameterGradient(net, x, y).close(); // warm-up: the first call builds the gradient graph
            ntk.compute(net, x.getRows(0, 1)).traced();
            double grad = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long t = System.nanoTime();
                mse.parameterGradient(net, x, y).close();
                grad = Math.min(grad, (System.nanoTime() - t) / 1e9);
            }
            long t = System.nanoTime();
            ntk.compute(net, x).traced();
            double kernel = (System.nanoTime() - t) / 1e9;
            Machine.Measured<TrainingRecord> run = Machine.measure(() -> GradientDescent.train(net, mse, x, y,
                    TrainingOptions.fullBatch(0.5, steps).withTrackEvery(steps)));
            double rate = 6.0 * n * p / grad / 1e9;
            double[] loss = run.value().loss();
            System.out.printf(Locale.ROOT, "%7d %10d %10.3f s %7.1f (%3.0f%%) %9.3f s %10.2f s %14s %12s   loss %.4f -> %.4f%n",
                    width, p, grad, rate, 100 * rate / mmulRate, kernel, run.seconds(), Machine.mb(run.peakHeap()),
                    Machine.mb(run.peakRss()), loss[0], loss[steps]);
        }
        System.out.printf(Locale.ROOT, "process RSS at the end: %s%n", Machine.mb(Pointer.physicalBytes()));
    }
}
