package org.tangent4j.examples.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.examples.support.Data;

/**
 * Infinite-width NNGP and NTK Gram matrices (both from one pass) for N points in d dimensions, depth L, ReLU and erf.
 * Usage: {@code ./tangent4j bench limits [N] [d] [depth] [repeats]} (defaults 4096 64 5 3). Prints the best time
 * over the repeats, the time per layer and the heap used by the result.
 */
public final class LimitsBenchmark {

    private LimitsBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        INDArray x = Data.gaussian(1, n, d);
        System.out.printf("infinite-width kernels: N = %d, d = %d, depth %d (%d dense layers), x1 = x2, %d cores%n", n, d, depth,
                depth + 1, Runtime.getRuntime().availableProcessors());
        for (Activation a : new Activation[] {Activations.relu(), Activations.erf()}) {
            InfiniteWidth iw = InfiniteWidth.of(DenseStack.fullyConnected(depth, a, 1.0, 0.1));
            iw.kernels(x.getRows(0, 1, 2, 3), x.getRows(0, 1, 2, 3)); // class loading and JIT warm-up
            double best = Double.MAX_VALUE;
            KernelPair k = null;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                k = iw.kernels(x, x);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            double perLayer = best / depth;
            System.out.printf("%-6s best of %d: %.3f s total, %.3f s per activation layer, result 2 x %.0f MB; Theta[0,0] = %.6f%n",
                    a.id(), repeats, best, perLayer, n * (double) n * 8 / 1e6, k.ntk().getDouble(0, 0));
        }
    }
}
