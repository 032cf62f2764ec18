package org.tangent4j.autodiff.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.layers.AvgPool;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.FanInConcat;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.LayerNorm;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Residual;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.KernelPair;

/**
 * The analytic NNGP and NTK of {@code core.layers} against finite networks realized from the same description:
 * the relative Frobenius error of one network's kernels falls like width^-1/2 (Jacot et al. 2018; Novak et al. 2019
 * for convolutions). The empirical NNGP is (1/k) f(X) f(X)^T of a network with k = width outputs (its readout
 * average), the empirical NTK the JACOBIAN method on a network with one output.
 */
class LayerConvergenceTest {

    static final int[] WIDTHS = {16, 64, 256};
    /**
     * Seeds per width: the NNGP error is dominated by one random overall scale (its rms over S seeds has a relative
     * sampling error near 1/sqrt(2 S)), so it gets more seeds; forward passes are cheap.
     */
    static final int NNGP_SEEDS = 24;
    static final int NTK_SEEDS = 8;

    static INDArray images(long seed, int n, int h, int w, int c) {
        Random r = new Random(seed);
        double[] v = new double[n * h * w * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, h, w, c}, DataType.DOUBLE);
    }

    /** rms over seeds of ||K_emp - K||_F / ||K||_F at each width, for the NNGP [0] and the NTK [1]. */
    static double[][] errors(Network net, INDArray x) {
        Shape in = Shape.ofInput(x.shape());
        INDArray rows = x.reshape(x.size(0), x.length() / x.size(0));
        double[][] err = new double[2][WIDTHS.length];
        for (int w = 0; w < WIDTHS.length; w++) {
            int n = WIDTHS[w];
            KernelPair exact = net.withWidths(n, 1).kernels(x, x);
            LayerGraph wide = LayerGraph.build(net, in, n, n, 1);
            LayerNetwork one = LayerNetwork.realize(net, in, n, 1, 1);
            double ek = 0;
            double et = 0;
            long t0 = System.nanoTime();
            for (int s = 0; s < NNGP_SEEDS; s++) {
                wide.reinitialise(100 + s);
                INDArray f = wide.apply(rows);
                INDArray k = f.mmul(f.transpose()).divi(n);
                ek += sq(k, exact.nngp());
            }
            for (int s = 0; s < NTK_SEEDS; s++) {
                one.reinitialise(200 + s);
                INDArray t = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(one, rows).traced();
                et += sq(t, exact.ntk());
            }
            err[0][w] = Math.sqrt(ek / NNGP_SEEDS);
            err[1][w] = Math.sqrt(et / NTK_SEEDS);
            System.out.printf("width %d: %.1f s%n", n, (System.nanoTime() - t0) * 1e-9);
        }
        return err;
    }

    private static double sq(INDArray a, INDArray b) {
        double r = a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
        return r * r;
    }

    /** The least-squares slope of log error against log width. */
    static double slope(double[] err) {
        int m = WIDTHS.length;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < m; i++) {
            sx += Math.log(WIDTHS[i]);
            sy += Math.log(err[i]);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            double dx = Math.log(WIDTHS[i]) - sx / m;
            num += dx * (Math.log(err[i]) - sy / m);
            den += dx * dx;
        }
        return num / den;
    }

    static void check(String label, Network net, INDArray x) {
        double[][] e = errors(net, x);
        double sk = slope(e[0]);
        double st = slope(e[1]);
        System.out.printf("%s: widths %s; NNGP rel. error %s slope %.2f; NTK rel. error %s slope %.2f%n", label,
                java.util.Arrays.toString(WIDTHS), fmt(e[0]), sk, fmt(e[1]), st);
        // width^-1/2 with sampling noise from 24 (NNGP) and 8 (NTK) seeds; a wrong limit would flatten the curve (slope near 0)
        assertThat(sk).as(label + " NNGP slope").isBetween(-0.9, -0.25);
        assertThat(st).as(label + " NTK slope").isBetween(-0.9, -0.25);
        assertThat(e[0][WIDTHS.length - 1]).as(label + " NNGP error at the largest width").isLessThan(0.15);
        assertThat(e[1][WIDTHS.length - 1]).as(label + " NTK error at the largest width").isLessThan(0.15);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("%.4f", v[i]));
        }
        return b.append(']').toString();
    }

    @Test
    void convolutionWithFlatten() {
        check("CNN + Flatten", Network.of(Conv.of(3, 3, Padding.SAME, 1.5, 0.2), new Elementwise(Activations.relu()),
                new Conv(new int[] {2, 2}, new int[] {2, 1}, Padding.VALID, 1.5, 0.2, 0, Parameterization.NTK),
                new Elementwise(Activations.erf()), new Flatten(), new Dense(1.2, 0.1)), images(1, 3, 4, 4, 2));
    }

    @Test
    void convolutionWithGlobalAveragePool() {
        check("CNN + AvgPool + GlobalAvgPool", Network.of(Conv.of(3, 3, Padding.CIRCULAR, 1.5, 0.2),
                new Elementwise(Activations.relu()), new AvgPool(new int[] {2, 2}, new int[] {1, 1}, Padding.SAME),
                new GlobalAvgPool(), new Dense(1.2, 0.1)), images(2, 3, 4, 4, 2));
    }

    /**
     * Every padding with strides, and a pooled readout (every pair of positions): SAME with strides (2, 2), CIRCULAR
     * with strides (1, 2) (taps that wrap), VALID with stride 1, then GlobalAvgPool.
     */
    @Test
    void paddingModesWithStrides() {
        check("SAME / CIRCULAR / VALID with strides + GlobalAvgPool", Network.of(
                new Conv(new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, 1.5, 0.2, 0, Parameterization.NTK),
                new Elementwise(Activations.relu()),
                new Conv(new int[] {2, 3}, new int[] {1, 2}, Padding.CIRCULAR, 1.4, 0.1, 0, Parameterization.NTK),
                new Elementwise(Activations.relu()),
                new Conv(new int[] {2, 1}, new int[] {1, 1}, Padding.VALID, 1.3, 0.2, 0, Parameterization.NTK),
                new Elementwise(Activations.erf()), new GlobalAvgPool(), new Dense(1.2, 0.1)), images(6, 3, 4, 4, 2));
    }

    @Test
    void residualBlock() {
        check("residual block", Network.of(Conv.of(3, 3, Padding.SAME, 1.2, 0.1),
                Residual.of(new Elementwise(Activations.relu()), Conv.of(3, 3, Padding.SAME, 1.2, 0.1)),
                new Elementwise(Activations.relu()), new Flatten(), new Dense(1.0, 0)), images(3, 3, 3, 3, 2));
    }

    @Test
    void layerNormAndConcatenatedBranches() {
        check("layer-norm + fan-in-concat", Network.of(Conv.of(3, 3, Padding.SAME, 1.3, 0.2), new LayerNorm(),
                new Elementwise(Activations.relu()), FanInConcat.of(Conv.of(3, 3, Padding.SAME, 1.2, 0.1),
                        Conv.of(1, 1, Padding.VALID, 1.0, 0.3)), new Elementwise(Activations.erf()), new Flatten(),
                new Dense(1.0, 0.1)), images(5, 3, 3, 3, 2));
    }

    @Test
    void standardParameterization() {
        check("standard parameterization", Network.of(
                new Conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 1.4, 0.3, 0, Parameterization.STANDARD),
                new Elementwise(Activations.relu()), new Flatten(), new Dense(1.1, 0.2, 0, Parameterization.STANDARD)),
                images(4, 3, 3, 3, 2));
    }
}
