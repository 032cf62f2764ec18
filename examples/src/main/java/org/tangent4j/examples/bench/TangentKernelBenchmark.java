package org.tangent4j.examples.bench;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.autodiff.realization.GradientFunctions;

/**
 * Empirical NTK Theta(X, X) of a dense ReLU network 16 -&gt; 512 -&gt; 512 -&gt; 1 (NTK parameterization, biases),
 * float64, for N = 256 and N = 1024 random points: the structured method (never builds the N x P Jacobian) and the
 * Jacobian method (J J^T). Prints wall time, peak memory (JVM heap and ND4J off-heap: javacpp's
 * {@code Pointer.totalBytes()} and the process's resident set {@code Pointer.physicalBytes()}), the structured
 * method's FLOP rate against the machine's measured float64 matrix-multiply rate, and the agreement of the two.
 *
 * <p>Run: {@code java -Xmx8g -cp "examples/target/classes:examples/target/lib/*"
 * org.tangent4j.examples.bench.TangentKernelBenchmark [N...] [--no-jacobian]}.
 */
public final class TangentKernelBenchmark {

    private static final int D = 16;
    private static final int WIDTH = 512;
    private static final int REPEATS = 3;

    private TangentKernelBenchmark() {
    }

    public static void main(String[] args) {
        GradientFunctions.quietConsole(); // SameDiff prints a line per differentiated op
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        boolean jacobian = true;
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.equals("--no-jacobian")) {
                jacobian = false;
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = java.util.List.of(256, 1024);
        }
        double mmulRate = Machine.mmulGflops(2048);
        System.out.printf(Locale.ROOT, "float64 mmul (ND4J, 2048^3): %.1f GFLOP/s%n", mmulRate);
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1);
        DenseNetwork net = DenseNetworks.realize(stack, D, WIDTH, 1, 42);
        long p = net.parameterCount();
        System.out.printf(Locale.ROOT, "network %d -> %d -> %d -> 1, P = %d parameters%n", D, WIDTH, WIDTH, p);
        EmpiricalTangentKernel structured = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        // budget for the whole Jacobian at once (as the functorch reference holds it)
        EmpiricalTangentKernel full = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).withMemoryBudget(6L << 30);
        for (int n : sizes) {
            INDArray x = Nd4j.randn(DataType.DOUBLE, n, D);
            // first run: its memory growth is the method's working set (RSS never shrinks afterwards)
            Machine.Measured<INDArray> first = Machine.measure(() -> structured.compute(net, x).full());
            Machine.Measured<INDArray> s = null;
            for (int r = 0; r < REPEATS; r++) { // best of REPEATS: the machine is shared
                Machine.Measured<INDArray> m = Machine.measure(() -> structured.compute(net, x).full());
                s = s == null || m.seconds() < s.seconds() ? m : s;
            }
            double flops = structuredFlops(n);
            System.out.printf(Locale.ROOT, "N = %4d structured: %.3f s (best of %d; first run %.3f s), %.1f GFLOP/s (%.0f%% of"
                            + " mmul); first run peak +heap %s, +javacpp %s, +RSS %s (process RSS %s);"
                            + " an N x P Jacobian alone would be %s%n",
                    n, s.seconds(), REPEATS, first.seconds(), flops / s.seconds() / 1e9,
                    100 * flops / s.seconds() / 1e9 / mmulRate, Machine.mb(first.peakHeap()), Machine.mb(first.peakOffHeap()),
                    Machine.mb(first.peakRss()), Machine.mb(Pointer.physicalBytes()), Machine.mb((long) n * p * 8));
            if (jacobian) {
                Machine.Measured<INDArray> j = Machine.measure(() -> full.compute(net, x).full());
                double rel = j.value().sub(s.value()).norm2Number().doubleValue() / j.value().norm2Number().doubleValue();
                System.out.printf(Locale.ROOT, "N = %4d jacobian:   %.3f s, peak +heap %s, +javacpp %s, +RSS %s;"
                                + " speed-up %.1fx; relative difference %.1e%n",
                        n, j.seconds(), Machine.mb(j.peakHeap()), Machine.mb(j.peakOffHeap()), Machine.mb(j.peakRss()),
                        j.seconds() / s.seconds(), rel);
            }
        }
    }

    /**
     * FLOPs of the structured contraction of one output at N points (products only): per weight layer
     * 2 N^2 (n_in + n_out) for A A^T and Delta Delta^T, per bias 2 N^2 n_out, plus forward and backward passes
     * (about 3 x 2 N P).
     */
    static double structuredFlops(int n) {
        double nn = (double) n * n;
        double products = 2 * nn * ((D + WIDTH) + (WIDTH + WIDTH) + (WIDTH + 1)) + 2 * nn * (WIDTH + WIDTH + 1);
        double passes = 6.0 * n * ((D + 1.0) * WIDTH + (WIDTH + 1.0) * WIDTH + WIDTH + 1);
        return products + passes;
    }
}
