package org.tangent4j.examples.bench;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;

/**
 * Infinite-width NNGP and NTK Gram matrices together ({@link InfiniteWidth#kernels}, x1 == x2) for N points in d
 * dimensions through {@code fullyConnected(depth, act, 1.0, 0.1)}, ReLU and erf (defaults N = 4096, d = 64,
 * depth = 5). Prints the best of a few runs, split into the fixed cost (a depth-0 stack) and the time per hidden layer, the heap in use, and the machine's measured float64
 * matrix-multiply rate (the recursion itself is O(N^2) scalar work per layer, so it is reported as entries per second).
 *
 * <p>Usage: {@code LimitsBenchmark [N] [d] [depth] [repeats] [activations] [scale]}, activations comma-separated
 * (default relu,erf; tanh or gelu time the Hermite series), scale multiplying the standard normal inputs (default 1;
 * 4 gives |x|^2 / d of about 16, inputs that are not standardized, where smooth activations need the per-entry
 * Mehler series and adaptive quadrature). Compare with {@code docs/bench/limits_numpy.py}.
 */
public final class LimitsBenchmark {

    private LimitsBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String[] activations = (args.length > 4 ? args[4] : "relu,erf").split(",");
        double scale = args.length > 5 ? Double.parseDouble(args[5]) : 1;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        System.out.printf(Locale.ROOT, "LimitsBenchmark: N = %d, d = %d, depth = %d, input scale %s, %d cores, best of %d runs%n",
                n, d, depth, scale, Runtime.getRuntime().availableProcessors(), repeats);
        System.out.printf(Locale.ROOT, "machine dgemm rate: %.2f GFLOP/s (1024^3, best of 3)%n", Machine.mmulGflops(1024));
        INDArray x = Nd4j.randn(42L, new long[] {n, d}).castTo(DataType.DOUBLE).muli(scale);
        for (String name : activations) {
            Activation act = Activations.parse(name);
            InfiniteWidth iw = InfiniteWidth.of(DenseStack.fullyConnected(depth, act, 1.0, 0.1));
            // depth 0 (one Dense, no activation): the fixed cost: allocating the two results, the input dgemm and the mirror
            InfiniteWidth fixed = InfiniteWidth.of(DenseStack.fullyConnected(0, act, 1.0, 0.1));
            iw.kernels(x.getRows(0, 1, 2, 3), x.getRows(0, 1, 2, 3)); // class loading
            double best = Double.POSITIVE_INFINITY;
            double bestFixed = Double.POSITIVE_INFINITY;
            KernelPair k = null;
            for (int r = 0; r < repeats; r++) {
                k = null;
                long t0 = System.nanoTime();
                k = iw.kernels(x, x);
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
                long t1 = System.nanoTime();
                fixed.kernels(x, x);
                bestFixed = Math.min(bestFixed, (System.nanoTime() - t1) * 1e-9);
            }
            Runtime rt = Runtime.getRuntime();
            double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            double entries = (double) n * (n + 1) / 2;
            double perLayer = (best - bestFixed) / depth;
            System.out.printf(Locale.ROOT,
                    "%-8s total %.3f s = fixed %.3f s (result allocation, input dgemm, mirror) + %d x %.3f s per hidden"
                            + " layer (%.0f M upper-triangle entries/s); heap in use %.0f MB;"
                            + " check: ntk[0,1] = %.10g, nngp[0,0] = %.10g%n",
                    act.id(), best, bestFixed, depth, perLayer, entries / perLayer * 1e-6, heapMb,
                    k.ntk().getDouble(0, 1), k.nngp().getDouble(0, 0));
        }
    }
}
