package org.tangent4j.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.KernelState;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Serial;
import org.tangent4j.core.limits.ExpectationMethod;
import org.tangent4j.core.limits.GaussianExpectation;

/**
 * Milliseconds per NTK entry of neural-tangents' README benchmark architecture: {@code depth} x (Conv 3x3, stride 1,
 * SAME, ReLU) on H x H x 3 images, then a Flatten or a GlobalAvgPool readout and a Dense, NNGP and NTK together,
 * float64, x1 == x2 (N inputs: N (N + 1) / 2 distinct entries of the N x N matrices). Prints the best of a few runs
 * per entry of the N x N matrix (the figure neural-tangents reports) and per distinct entry, and the arithmetic rate
 * reached against the machine's float64 matrix-multiply rate: per layer and distinct covariance entry (N (N + 1) / 2
 * P of them with a Flatten readout, N (N - 1) / 2 P^2 + N P (P + 1) / 2 with GlobalAvgPool, P = H^2 positions) a
 * nominal {@value #FLOPS_PER_ENTRY} flops: 2 x 9 adds for the 3 x 3 maps of the NNGP and the NTK, 8 for the affine
 * step and 82 for the ReLU closed form as first written (each square root and division counted as one; the count is
 * kept fixed, so that the rates of successive versions compare as work per second).
 *
 * <p>Usage: {@code CnnKernelBenchmark [flatten|gap] [N] [depth] [H] [repeats] [breakdown]}; defaults: flatten 64 21
 * 32 2 (gap: N = 4). The distinct work per entry of the N x N matrix does not depend on N (N (N - 1) / 2 whole blocks
 * and N half blocks make N^2 / 2 whole ones), but the blocks are shared among the cores as whole tasks: N = 2 has
 * three (one whole, two halves), so that two cores cannot share them evenly; N = 4 has ten. With {@code breakdown} it
 * also prints where the time of one hidden layer goes, as the thread
 * CPU time of the calling thread (run it on one core, {@code TANGENT4J_JAVA_OPTS=-XX:ActiveProcessorCount=1}, so
 * that this thread does all the work).
 */
public final class CnnKernelBenchmark {

    /** Nominal flops per distinct covariance entry and layer (see the class comment). */
    static final int FLOPS_PER_ENTRY = 108;

    private CnnKernelBenchmark() {
    }

    /** depth x (Conv 3x3 SAME, ReLU), readout, Dense; w_std = sqrt(2), b_std = 0.1 as a He-like initialisation. */
    public static Network architecture(int depth, boolean pool) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            layers.add(Conv.of(3, 3, Padding.SAME, Math.sqrt(2), 0.1));
            layers.add(new Elementwise(Activations.relu()));
        }
        layers.add(pool ? new GlobalAvgPool() : new Flatten());
        layers.add(new Dense(1, 0));
        return Network.of(layers);
    }

    public static void main(String[] args) {
        boolean pool = args.length > 0 && args[0].equals("gap");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : pool ? 4 : 64;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        int h = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Random r = new Random(42);
        double[] v = new double[n * h * h * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        INDArray x = Nd4j.create(v, new long[] {n, h, h, 3}, DataType.DOUBLE);
        Network net = architecture(depth, pool);
        System.out.printf(Locale.ROOT, "CnnKernelBenchmark: %d x (conv 3x3 same, relu) + %s + dense on %d x %d x 3,"
                + " N = %d, %d cores, best of %d%n", depth, pool ? "global-avg-pool" : "flatten", h, h, n,
                Runtime.getRuntime().availableProcessors(), repeats);
        double best = Double.POSITIVE_INFINITY;
        double bestCpu = Double.POSITIVE_INFINITY;
        double k00 = 0;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 0; rep < repeats; rep++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            k00 = net.kernels(x, x).ntk().getDouble(0, 0);
            best = Math.min(best, (System.nanoTime() - t0) * 1e-6);
            bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - c0) * 1e-6);
        }
        double entries = (double) n * n;
        double p = (double) h * h;
        double distinct = pool ? n * (n - 1) / 2.0 * p * p + n * p * (p + 1) / 2 : n * (n + 1) / 2.0 * p;
        double gflops = FLOPS_PER_ENTRY * distinct * depth / (best * 1e-3) / 1e9;
        double mmul = Machine.mmulGflops(1024);
        System.out.printf(Locale.ROOT, "wall %.1f ms, process CPU %.1f ms; per entry of the %d x %d matrix: %.4f ms wall,"
                + " %.4f ms CPU (%.4f ms CPU / %d cores if the machine were idle); per distinct entry %.4f ms wall;"
                + " Theta[0,0] = %.6g%n", best, bestCpu, n, n, best / entries, bestCpu / entries,
                bestCpu / entries / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors(),
                best / (n * (n + 1) / 2.0), k00);
        System.out.printf(Locale.ROOT, "nominal %.3g flops (%d per covariance entry and layer): %.2f GFLOP/s wall,"
                + " %.1f%% of the machine's dgemm rate %.1f GFLOP/s (1024^3, best of 3)%n", FLOPS_PER_ENTRY * distinct * depth,
                FLOPS_PER_ENTRY, gflops, 100 * gflops / mmul, mmul);
        if (args.length > 5 && args[5].equals("breakdown")) {
            breakdown(x, pool, (long) distinct);
        }
    }

    /**
     * One hidden layer (Conv 3x3 SAME, ReLU) on the state after one such layer, thread CPU time, best of 5: the
     * convolution alone, the activation alone, both in one pass (as the network runs them), two such layers in one pass
     * (per layer; with a Flatten readout the network runs all its hidden layers on each pair's block in one pass), and
     * the ReLU closed form alone on as many entries in chunks of 4096.
     */
    static void breakdown(INDArray x, boolean pool, long entries) {
        java.lang.management.ThreadMXBean th = java.lang.management.ManagementFactory.getThreadMXBean();
        Layer conv = Conv.of(3, 3, Padding.SAME, Math.sqrt(2), 0.1);
        Layer relu = new Elementwise(Activations.relu());
        KernelState s = Serial.of(conv, relu).kernel(KernelState.input(x, x, pool), pool);
        KernelState c = conv.kernel(s);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        GaussianExpectation e = GaussianExpectation.of(Activations.relu(), ExpectationMethod.AUTOMATIC);
        int len = 4096;
        double[] q = new double[len];
        double[] k = new double[len];
        double[] t = new double[len];
        double[][] scratch = new double[3][len];
        Random r = new Random(1);
        for (int rep = 0; rep < 5; rep++) {
            long t0 = th.getCurrentThreadCpuTime();
            conv.kernel(s);
            long t1 = th.getCurrentThreadCpuTime();
            relu.kernel(c);
            long t2 = th.getCurrentThreadCpuTime();
            Serial.of(conv, relu).kernel(s, pool);
            long t3 = th.getCurrentThreadCpuTime();
            Serial.of(conv, relu, conv, relu).kernel(s, pool);
            long two = th.getCurrentThreadCpuTime() - t3;
            long closed = 0;
            for (long done = 0; done < entries; done += len) {
                for (int j = 0; j < len; j++) {
                    q[j] = 1;
                    k[j] = 2 * r.nextDouble() - 1;
                    t[j] = 1;
                }
                long c0 = th.getCurrentThreadCpuTime();
                e.apply(q, q, k, t, len, scratch);
                closed += th.getCurrentThreadCpuTime() - c0;
            }
            double[] now = {(t1 - t0) * 1e-6, (t2 - t1) * 1e-6, (t3 - t2) * 1e-6, closed * 1e-6, two * 0.5e-6};
            for (int i = 0; i < now.length; i++) {
                best[i] = Math.min(best[i], now[i]);
            }
        }
        System.out.printf(Locale.ROOT, "one hidden layer, %d distinct entries, thread CPU, best of 5: conv %.1f ms,"
                + " ReLU %.1f ms, conv + ReLU in one pass %.1f ms (%.1f ns per entry), two such layers in one pass %.1f ms"
                + " per layer (%.1f ns per entry); the ReLU closed form alone %.1f ms (%.1f ns per entry)%n", entries,
                best[0], best[1], best[2], best[2] * 1e6 / entries, best[4], best[4] * 1e6 / entries, best[3],
                best[3] * 1e6 / entries);
    }
}
