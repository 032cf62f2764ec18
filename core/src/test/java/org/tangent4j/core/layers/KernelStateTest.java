package org.tangent4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.testing.Numeric;

/** The fast paths of {@link KernelState} (separable filters, fused passes, half blocks) against direct routes. */
class KernelStateTest {

    static Conv conv(int fh, int fw, int sh, int sw, Padding p, double w, double b) {
        return new Conv(new int[] {fh, fw}, new int[] {sh, sw}, p, w, b, 0, Parameterization.NTK);
    }

    /**
     * One convolution on a full input state against its definition summed tap by tap with {@link Padding#source}:
     * K'(p, q) = w^2 (1/F) sum_{d1, d2} K(tap(p, d), tap(q, d)) + b^2 and Theta' = K' (Theta0 = 0), for every padding,
     * strides, full and diagonal states, x1 == x2 and x1 != x2, to 1e-15.
     */
    @Test
    void aConvolutionIsItsTapByTapSum() {
        INDArray x = NetworkKernelTest.images(11, 3, 5, 6, 2);
        INDArray y = NetworkKernelTest.images(12, 2, 5, 6, 2);
        for (Padding pad : Padding.values()) {
            for (int[] fs : new int[][] {{3, 3, 1, 1}, {3, 2, 2, 1}, {2, 3, 1, 2}, {5, 1, 2, 2}}) {
                if (pad == Padding.VALID && fs[0] > 5) {
                    continue;
                }
                Conv c = conv(fs[0], fs[1], fs[2], fs[3], pad, 1.3, 0.4);
                for (INDArray x2 : List.of(x, y)) {
                    for (boolean full : new boolean[] {true, false}) {
                        KernelState in = KernelState.input(x, x2, full);
                        KernelState out = c.kernel(in);
                        int[] oe = out.shape().spatial();
                        for (int i = 0; i < in.n1(); i++) {
                            for (int j = 0; j < in.n2(); j++) {
                                for (int p = 0; p < out.positions(); p++) {
                                    for (int q = full ? 0 : p; q < (full ? out.positions() : p + 1); q++) {
                                        double s = 0;
                                        for (int d1 = 0; d1 < fs[0]; d1++) {
                                            for (int d2 = 0; d2 < fs[1]; d2++) {
                                                int a1 = pad.source(p / oe[1], d1, 5, fs[0], fs[2]);
                                                int a2 = pad.source(p % oe[1], d2, 6, fs[1], fs[3]);
                                                int b1 = pad.source(q / oe[1], d1, 5, fs[0], fs[2]);
                                                int b2 = pad.source(q % oe[1], d2, 6, fs[1], fs[3]);
                                                if (a1 >= 0 && a2 >= 0 && b1 >= 0 && b2 >= 0) {
                                                    s += in.nngp(i, j, a1 * 6 + a2, b1 * 6 + b2);
                                                }
                                            }
                                        }
                                        double k = 1.69 * s / (fs[0] * fs[1]) + 0.16;
                                        String what = pad + " " + Arrays.toString(fs) + " full=" + full + " (" + i + ", "
                                                + j + ", " + p + ", " + q + ")";
                                        assertThat(out.nngp(i, j, p, q)).as(what).isCloseTo(k, within(1e-15 * (1 + Math.abs(k))));
                                        assertThat(out.ntk(i, j, p, q)).as(what).isCloseTo(k, within(1e-15 * (1 + Math.abs(k))));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Serial runs every convolution and activation in a row as one pass over each pair's block, with every pair of
     * positions (GlobalAvgPool) or only the spatial diagonal (Flatten): the same values to the last bit as the layers
     * applied one after the other, for every padding, strides, ReLU, leaky ReLU, erf and layer norm, a convolution
     * without an activation after it, a pass from every pair of positions to one position, both readouts, x1 == x2 and
     * x1 != x2.
     */
    @Test
    void theFusedPassIsTheLayersOneAfterTheOther() {
        INDArray x = NetworkKernelTest.images(1, 3, 7, 6, 2);
        INDArray y = NetworkKernelTest.images(2, 2, 7, 6, 2);
        List<List<Layer>> nets = List.of(
                List.of(conv(3, 3, 1, 1, Padding.SAME, 1.3, 0.2), new Elementwise(Activations.relu()),
                        conv(3, 2, 1, 1, Padding.VALID, 1.2, 0.1), new Elementwise(Activations.erf()),
                        conv(3, 3, 2, 1, Padding.CIRCULAR, 1.1, 0.3), new LayerNorm(), new GlobalAvgPool(),
                        new Dense(1, 0.1)),
                List.of(conv(3, 3, 1, 1, Padding.CIRCULAR, 1.3, 0.2), new Elementwise(Activations.leakyRelu(0.1)),
                        conv(2, 3, 1, 2, Padding.SAME, 1.2, 0.1), new Elementwise(Activations.relu()),
                        conv(3, 3, 1, 1, Padding.VALID, 1.1, 0.2), new LayerNorm(),
                        conv(1, 2, 1, 1, Padding.SAME, 1.3, 0.1), new Flatten(), new Dense(1, 0.1)),
                // every pair of positions, then one position (a 7 x 6 VALID filter) within the same pass
                List.of(conv(3, 3, 1, 1, Padding.SAME, 1.3, 0.2), new Elementwise(Activations.relu()),
                        conv(7, 6, 1, 1, Padding.VALID, 1.2, 0.1), new Elementwise(Activations.erf()),
                        conv(1, 1, 1, 1, Padding.SAME, 1.1, 0.2), new Elementwise(Activations.relu()),
                        new GlobalAvgPool(), new Dense(1, 0.1)));
        for (List<Layer> layers : nets) {
            Network net = Network.of(layers);
            for (INDArray x2 : List.of(x, y)) {
                KernelState fused = net.kernelState(x, x2);
                KernelState s = KernelState.input(x, x2, net.needsFullSpatial());
                for (Layer l : layers) {
                    s = l.kernel(s);
                }
                assertThat(fused.nngpArray().data().asDouble()).isEqualTo(s.nngpArray().data().asDouble());
                assertThat(fused.ntkArray().data().asDouble()).isEqualTo(s.ntkArray().data().asDouble());
            }
        }
    }

    /**
     * A Serial pass reuses the arrays of the intermediate states it has passed, never those of a state it did not make:
     * the state it started from (held by the caller) is unchanged after two passes, both passes give the same values to
     * the last bit, and so do the layers applied one after the other (no reuse), with an identity (whose result is its
     * input) and a residual block (a nested pass) among them, x1 == x2 and x1 != x2.
     */
    @Test
    void aSerialPassReusesOnlyTheArraysOfItsOwnStates() {
        INDArray x = NetworkKernelTest.images(3, 3, 6, 5, 2);
        INDArray y = NetworkKernelTest.images(4, 2, 6, 5, 2);
        List<Layer> layers = List.of(conv(3, 3, 1, 1, Padding.SAME, 1.3, 0.2), new Elementwise(Activations.relu()),
                new Identity(), conv(3, 2, 1, 1, Padding.SAME, 1.2, 0.1), new Elementwise(Activations.erf()),
                Residual.of(conv(3, 3, 1, 1, Padding.SAME, 1.1, 0.1), new Elementwise(Activations.relu()),
                        conv(3, 3, 1, 1, Padding.SAME, 1.1, 0.1)),
                conv(3, 3, 1, 1, Padding.SAME, 1.2, 0.1),
                new Elementwise(Activations.relu()));
        Serial net = new Serial(layers);
        for (INDArray x2 : List.of(x, y)) {
            for (boolean full : new boolean[] {true, false}) {
                KernelState start = Serial.of(conv(3, 3, 1, 1, Padding.SAME, 1.3, 0.2),
                        new Elementwise(Activations.relu())).kernel(KernelState.input(x, x2, full), full);
                double[] k0 = start.nngpArray().data().asDouble();
                double[] t0 = start.ntkArray().data().asDouble();
                KernelState first = net.kernel(start, full);
                KernelState second = net.kernel(start, full);
                KernelState s = start;
                for (Layer l : layers) {
                    s = l.kernel(s);
                }
                assertThat(start.nngpArray().data().asDouble()).isEqualTo(k0);
                assertThat(start.ntkArray().data().asDouble()).isEqualTo(t0);
                for (KernelState r : List.of(first, second)) {
                    assertThat(r.nngpArray().data().asDouble()).isEqualTo(s.nngpArray().data().asDouble());
                    assertThat(r.ntkArray().data().asDouble()).isEqualTo(s.ntkArray().data().asDouble());
                }
            }
        }
    }

    /**
     * A symmetric state after a convolution and an activation holds only the upper block triangle of its blocks (i, i);
     * every accessor still gives the whole symmetric kernel, equal to the arrays and to the general (x1 != x2) pass.
     */
    @Test
    void halfBlocksReadAsWholeOnes() {
        INDArray x = NetworkKernelTest.images(5, 3, 4, 5, 2);
        Layer[] layers = {conv(3, 3, 1, 1, Padding.SAME, 1.4, 0.1), new Elementwise(Activations.relu())};
        KernelState sym = KernelState.input(x, x, true);
        KernelState gen = KernelState.input(x, x.dup(), true);
        for (Layer l : layers) {
            sym = l.kernel(sym);
            gen = l.kernel(gen);
        }
        assertThat(sym.upperOnly()).isTrue();
        INDArray arr = sym.nngpArray();
        int p = sym.positions();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int u = 0; u < p; u++) {
                    for (int v = 0; v < p; v++) {
                        double k = sym.nngp(i, j, u, v);
                        assertThat(sym.nngp(j, i, v, u)).isEqualTo(k);
                        assertThat(arr.getDouble(i, j, (long) u * p + v)).isEqualTo(k);
                        Numeric.assertClose(k, gen.nngp(i, j, u, v), 1e-14, 1e-15);
                        Numeric.assertClose(sym.ntk(i, j, u, v), gen.ntk(i, j, u, v), 1e-14, 1e-15);
                        if (i == j) {
                            assertThat(sym.cov1(i, u, v)).isEqualTo(k);
                            Numeric.assertClose(gen.cov1(i, u, v), k, 1e-14, 1e-15);
                            Numeric.assertClose(gen.cov2(i, u, v), k, 1e-14, 1e-15);
                        }
                    }
                }
            }
        }
    }

    /**
     * GlobalAvgPool on a full state whose symmetric blocks hold only their upper block triangle (the blocks (i, i) for
     * x1 == x2, those of cov1 for x1 != x2) against the exact mean of every stored entry (BigDecimal sums of the doubles, rounded once): within 4e-15
     * relative for the NNGP and the NTK (a sum over all P^2 = 65,536 entries one after the other was 5e-14 off at
     * P = 1024).
     */
    @Test
    void globalAvgPoolIsTheMeanOfTheEntriesToRounding() {
        INDArray x = NetworkKernelTest.images(5, 3, 16, 16, 2);
        INDArray y = NetworkKernelTest.images(6, 2, 16, 16, 2);
        List<Layer> layers = List.of(conv(3, 3, 1, 1, Padding.SAME, 1.4, 0.1), new Elementwise(Activations.relu()),
                conv(3, 3, 1, 1, Padding.SAME, 1.4, 0.1), new Elementwise(Activations.relu()));
        for (INDArray x2 : List.of(x, y)) {
            KernelState s = new Serial(layers).kernel(KernelState.input(x, x2, true), true);
            assertThat(s.upperOnly()).isTrue(); // the blocks (i, i), or those of cov1 and cov2
            KernelState pooled = new GlobalAvgPool().kernel(s);
            int p = s.positions();
            for (int i = 0; i < s.n1(); i++) {
                int a = i;
                double ec = exactMean(p, (u, v) -> s.cov1(a, u, v));
                assertThat(pooled.cov1(i, 0, 0)).isCloseTo(ec, within(4e-15 * Math.abs(ec)));
            }
            for (int i = 0; i < s.n1(); i++) {
                for (int j = 0; j < s.n2(); j++) {
                    int a = i;
                    int b = j;
                    double ek = exactMean(p, (u, v) -> s.nngp(a, b, u, v));
                    double et = exactMean(p, (u, v) -> s.ntk(a, b, u, v));
                    assertThat(pooled.nngp(i, j, 0, 0)).isCloseTo(ek, within(4e-15 * Math.abs(ek)));
                    assertThat(pooled.ntk(i, j, 0, 0)).isCloseTo(et, within(4e-15 * Math.abs(et)));
                }
            }
        }
    }

    /** An entry of a state at the pair of positions (u, v). */
    private interface Entry {
        double at(int u, int v);
    }

    /** The mean of f(u, v) over u, v < p: the exact sum of the doubles (BigDecimal), divided once and rounded once. */
    private static double exactMean(int p, Entry f) {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (int u = 0; u < p; u++) {
            for (int v = 0; v < p; v++) {
                sum = sum.add(new java.math.BigDecimal(f.at(u, v)));
            }
        }
        return sum.divide(new java.math.BigDecimal((double) p * p), java.math.MathContext.DECIMAL128).doubleValue();
    }
}