package org.tangent4j.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.realization.GradientFunctions;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMatrix;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Shape;

/**
 * Empirical NTK Theta(X, X) of a small CNN: 2 x (Conv 3x3 SAME, width 64, ReLU), GlobalAvgPool, Dense -&gt; 1 (NTK
 * parameterization, w_std = sqrt 2, b_std = 0.1) on 16 x 16 x 3 images, float64: the structured method (convolution
 * weights by per-example weight gradients or position pairs, whichever the operation count prefers; never the
 * N x P Jacobian) against the Jacobian method (J J^T). Prints wall time, peak memory (as
 * {@link TangentKernelBenchmark}), each parameter's contraction and the agreement of the two.
 *
 * <p>Run: {@code java -Xmx8g -cp "examples/target/classes:examples/target/lib/*"
 * org.tangent4j.examples.bench.ConvTangentKernelBenchmark [N...] [--no-jacobian] [--no-structured] [--budget-mb=M]}; default N = 64 128
 * 256, budget {@link EmpiricalTangentKernel#DEFAULT_MEMORY_BUDGET} (it sizes the row chunks of the structured method's
 * forward-and-backward passes).
 */
public final class ConvTangentKernelBenchmark {

    private static final int SIDE = 16;
    private static final int CHANNELS = 3;
    private static final int WIDTH = 64;
    private static final int REPEATS = 3;

    private ConvTangentKernelBenchmark() {
    }

    /** The benchmark's network. */
    static Network architecture() {
        return Network.of(Conv.of(3, 3, Padding.SAME, Math.sqrt(2), 0.1), new Elementwise(Activations.relu()),
                Conv.of(3, 3, Padding.SAME, Math.sqrt(2), 0.1), new Elementwise(Activations.relu()),
                new GlobalAvgPool(), new Dense(1.0, 0.1));
    }

    public static void main(String[] args) {
        GradientFunctions.quietConsole(); // SameDiff prints a line per differentiated op
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        boolean jacobian = true;
        boolean structuredToo = true;
        long budget = EmpiricalTangentKernel.DEFAULT_MEMORY_BUDGET;
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--no-jacobian")) {
                jacobian = false;
            } else if (a.equals("--no-structured")) {
                structuredToo = false;
            } else if (a.startsWith("--budget-mb=")) {
                budget = Long.parseLong(a.substring("--budget-mb=".length())) << 20;
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(64, 128, 256);
        }
        System.out.printf(Locale.ROOT, "float64 mmul (ND4J, 2048^3): %.1f GFLOP/s%n", Machine.mmulGflops(2048));
        LayerNetwork net = LayerNetwork.realize(architecture(), Shape.image(SIDE, SIDE, CHANNELS), WIDTH, 1, 42);
        long p = net.parameterCount();
        System.out.printf(Locale.ROOT, "network 2 x (conv 3x3 same %d, relu), global-avg-pool, dense -> 1 on %d x %d x %d,"
                + " P = %d parameters%n", WIDTH, SIDE, SIDE, CHANNELS, p);
        EmpiricalTangentKernel structured = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED)
                .withMemoryBudget(budget);
        System.out.printf(Locale.ROOT, "structured method's memory budget %s%n", Machine.mb(budget));
        EmpiricalTangentKernel full = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).withMemoryBudget(6L << 30);
        for (int n : sizes) {
            INDArray x = images(n);
            Machine.Measured<TangentKernelMatrix> s = null;
            if (structuredToo) {
                // first run: its memory growth is the method's working set (RSS never shrinks afterwards)
                Machine.Measured<TangentKernelMatrix> first = Machine.measure(() -> structured.compute(net, x));
                if (n == sizes.get(0)) {
                    System.out.println("contractions: " + first.value().contractions());
                }
                for (int r = 0; r < REPEATS; r++) { // best of REPEATS: the machine is shared
                    Machine.Measured<TangentKernelMatrix> m = Machine.measure(() -> structured.compute(net, x));
                    s = s == null || m.seconds() < s.seconds() ? m : s;
                }
                System.out.printf(Locale.ROOT, "N = %4d structured: %.3f s (best of %d; first run %.3f s); first run peak"
                                + " +heap %s, +javacpp %s, +RSS %s; an N x P Jacobian alone would be %s%n",
                        n, s.seconds(), REPEATS, first.seconds(), Machine.mb(first.peakHeap()),
                        Machine.mb(first.peakOffHeap()), Machine.mb(first.peakRss()), Machine.mb((long) n * p * 8));
            }
            if (jacobian) {
                Machine.Measured<TangentKernelMatrix> j = Machine.measure(() -> full.compute(net, x));
                System.out.printf(Locale.ROOT, "N = %4d jacobian:   %.3f s, peak +heap %s, +javacpp %s, +RSS %s%n",
                        n, j.seconds(), Machine.mb(j.peakHeap()), Machine.mb(j.peakOffHeap()), Machine.mb(j.peakRss()));
                if (s != null) {
                    INDArray jf = j.value().full();
                    double rel = jf.sub(s.value().full()).norm2Number().doubleValue() / jf.norm2Number().doubleValue();
                    System.out.printf(Locale.ROOT, "N = %4d structured / jacobian time %.2f; relative difference %.1e%n",
                            n, s.seconds() / j.seconds(), rel);
                }
            }
        }
    }

    /** N images with i.i.d. N(0, 1) pixels (seed 7), flattened NHWC rows [N, 16 * 16 * 3]. */
    private static INDArray images(int n) {
        Random r = new Random(7);
        double[] v = new double[n * SIDE * SIDE * CHANNELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, (long) SIDE * SIDE * CHANNELS}, DataType.DOUBLE);
    }
}
