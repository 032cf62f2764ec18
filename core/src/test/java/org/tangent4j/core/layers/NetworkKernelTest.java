package org.tangent4j.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.linalg.SymmetricEigen;
import org.tangent4j.core.testing.Numeric;

/** The infinite-width kernels of the layer algebra against independent values. */
class NetworkKernelTest {

    static INDArray images(long seed, int n, int h, int w, int c) {
        Random r = new Random(seed);
        double[] v = new double[n * h * w * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, h, w, c}, DataType.DOUBLE);
    }

    static Conv conv(int f, Padding p, double w, double b) {
        return Conv.of(f, f, p, w, b);
    }

    /**
     * On 1x1 images a convolution with circular padding (every tap reads the only pixel) or a 1x1 filter, pooling
     * and flattening reduce to the fully-connected recursion: the kernels equal InfiniteWidth's of the same stack.
     */
    @Test
    void onOnePixelImagesEveryConvolutionalArchitectureIsTheFullyConnectedOne() {
        INDArray x = images(1, 5, 1, 1, 4);
        INDArray rows = x.reshape(5, 4);
        INDArray x2 = images(2, 3, 1, 1, 4);
        INDArray rows2 = x2.reshape(3, 4);
        DenseStack fc = new DenseStack(List.of(new org.tangent4j.core.arch.Dense(1.3, 0.2),
                new org.tangent4j.core.arch.Nonlinearity(Activations.relu()), new org.tangent4j.core.arch.Dense(0.9, 0.4),
                new org.tangent4j.core.arch.Nonlinearity(Activations.erf()), new org.tangent4j.core.arch.Dense(1.1, 0.1),
                new org.tangent4j.core.arch.Nonlinearity(Activations.leakyRelu(0.2)),
                new org.tangent4j.core.arch.Dense(1.0, 0.3)), Parameterization.NTK);
        KernelPair expected = InfiniteWidth.of(fc).kernels(rows, rows);
        KernelPair expected12 = InfiniteWidth.of(fc).kernels(rows, rows2);
        List<Network> nets = List.of(
                Network.of(conv(3, Padding.CIRCULAR, 1.3, 0.2), new Elementwise(Activations.relu()),
                        conv(1, Padding.SAME, 0.9, 0.4), new Elementwise(Activations.erf()),
                        new Conv(new int[] {2, 3}, new int[] {2, 1}, Padding.CIRCULAR, 1.1, 0.1, 0, Parameterization.NTK),
                        new Elementwise(Activations.leakyRelu(0.2)), new Flatten(), new Dense(1.0, 0.3)),
                Network.of(conv(1, Padding.VALID, 1.3, 0.2), new Elementwise(Activations.relu()),
                        new AvgPool(new int[] {3, 3}, new int[] {1, 1}, Padding.CIRCULAR),
                        conv(5, Padding.CIRCULAR, 0.9, 0.4), new Elementwise(Activations.erf()),
                        conv(2, Padding.CIRCULAR, 1.1, 0.1), new Elementwise(Activations.leakyRelu(0.2)),
                        new GlobalAvgPool(), new Dense(1.0, 0.3)));
        for (Network net : nets) {
            KernelPair k = net.kernels(x, x);
            Numeric.assertClose(k.nngp(), expected.nngp(), 1e-13, 1e-13);
            Numeric.assertClose(k.ntk(), expected.ntk(), 1e-13, 1e-13);
            KernelPair k12 = net.kernels(x, x2);
            Numeric.assertClose(k12.nngp(), expected12.nngp(), 1e-13, 1e-13);
            Numeric.assertClose(k12.ntk(), expected12.ntk(), 1e-13, 1e-13);
        }
        // the same stack written with the algebra's Dense on rows
        Network dense = Network.of(new Dense(1.3, 0.2), new Elementwise(Activations.relu()), new Dense(0.9, 0.4),
                new Elementwise(Activations.erf()), new Dense(1.1, 0.1), new Elementwise(Activations.leakyRelu(0.2)),
                new Dense(1.0, 0.3));
        assertThat(dense.denseStack()).contains(fc);
        Numeric.assertClose(dense.kernels(rows, rows).ntk(), expected.ntk(), 1e-13, 1e-13);
        // a fully-connected network takes InfiniteWidth's fused path: its results to the last bit; the algebra's general
        // pass (kernelState) agrees to rounding
        KernelPair fused = InfiniteWidth.of(fc).kernels(rows, rows);
        Numeric.assertClose(dense.kernels(rows, rows).nngp(), fused.nngp(), 0, 0);
        Numeric.assertClose(dense.kernels(rows, rows).ntk(), fused.ntk(), 0, 0);
        Numeric.assertClose(dense.kernelState(rows, rows).ntkArray(), fused.ntk(), 1e-13, 1e-13);
        // kernels are values: equal for equal networks, however many calls
        assertThat(dense.ntk()).isEqualTo(Network.of(dense.layers()).ntk()).isNotEqualTo(dense.nngp());
        assertThat(dense.ntk().hashCode()).isEqualTo(Network.of(dense.layers()).ntk().hashCode());
    }

    /**
     * Conv (filter 2, VALID, w = 2, b = 0.5) on signals of length 3 with one channel, GlobalAvgPool, Dense (w = 1,
     * b = 0): K0(p, q) = x_p x'_q; K1(p, q) = 4 (K0(p, q) + K0(p+1, q+1)) / 2 + 0.25 for p, q in {0, 1};
     * Theta1 = K1; pooled: K2 = mean K1, Theta2 = mean K1; dense: K = K2, Theta = K2 + Theta2.
     */
    @Test
    void convolutionThenGlobalAveragePoolByHand() {
        double[] x = {1, 2, -1};
        double[] y = {0.5, -1, 2};
        INDArray a = Nd4j.create(new double[][] {x, y}).reshape(2, 3, 1);
        Network net = Network.of(new Conv(new int[] {2}, new int[] {1}, Padding.VALID, 2, 0.5, 0, Parameterization.NTK),
                new GlobalAvgPool(), new Dense(1, 0));
        KernelPair k = net.kernels(a, a);
        double[][] in = {x, y};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double[] u = in[i];
                double[] v = in[j];
                double k00 = 2 * (u[0] * v[0] + u[1] * v[1]) + 0.25;
                double k01 = 2 * (u[0] * v[1] + u[1] * v[2]) + 0.25;
                double k10 = 2 * (u[1] * v[0] + u[2] * v[1]) + 0.25;
                double k11 = 2 * (u[1] * v[1] + u[2] * v[2]) + 0.25;
                double mean = (k00 + k01 + k10 + k11) / 4;
                assertThat(k.nngp().getDouble(i, j)).isCloseTo(mean, within(1e-14));
                assertThat(k.ntk().getDouble(i, j)).isCloseTo(2 * mean, within(1e-14));
            }
        }
        // x.x: k00 = 2 (1 + 4) + .25 = 10.25, k01 = 2 (2 - 2) + .25 = .25, k10 = 2 (2 - 2) + .25 = .25,
        // k11 = 2 (4 + 1) + .25 = 10.25; mean 5.25
        assertThat(k.nngp().getDouble(0, 0)).isCloseTo(5.25, within(1e-14));
    }

    /**
     * 2x2 images, two channels, Conv 1x1 (w = 1, b = 0) then ReLU then GlobalAvgPool: the pooled NNGP is the mean over
     * the 16 position pairs of the arc-cosine kernel (1/(2 pi)) sqrt(q1 q2) (sin t + (pi - t) cos t),
     * cos t = K0 / sqrt(q1 q2), K0(p, q) = (x_p . x'_q) / 2.
     */
    @Test
    void reluBetweenPositionsThenGlobalAveragePoolByHand() {
        double[] x = {0.3, -1.2, 0.8, 2.0, 0.5, 0.1, -0.9, 0.6};
        double[] y = {-0.7, 0.4, 1.5, -0.2, 0.3, 1.1, 0.2, -0.8};
        INDArray a = Nd4j.create(x, new long[] {1, 2, 2, 2}, DataType.DOUBLE);
        INDArray b = Nd4j.create(y, new long[] {1, 2, 2, 2}, DataType.DOUBLE);
        Network net = Network.of(conv(1, Padding.SAME, 1, 0), new Elementwise(Activations.relu()), new GlobalAvgPool());
        double s = 0;
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                double q1 = (x[2 * p] * x[2 * p] + x[2 * p + 1] * x[2 * p + 1]) / 2;
                double q2 = (y[2 * q] * y[2 * q] + y[2 * q + 1] * y[2 * q + 1]) / 2;
                double c = (x[2 * p] * y[2 * q] + x[2 * p + 1] * y[2 * q + 1]) / 2;
                double t = Math.acos(c / Math.sqrt(q1 * q2));
                s += Math.sqrt(q1 * q2) / (2 * Math.PI) * (Math.sin(t) + (Math.PI - t) * Math.cos(t));
            }
        }
        assertThat(net.kernels(a, b).nngp().getDouble(0, 0)).isCloseTo(s / 16, within(1e-14));
    }

    static List<Network> architectures() {
        return List.of(
                Network.of(conv(3, Padding.SAME, 1.4, 0.1), new Elementwise(Activations.relu()),
                        conv(3, Padding.SAME, 1.4, 0.1), new Elementwise(Activations.erf()), new Flatten(),
                        new Dense(1, 0.1)),
                Network.of(conv(2, Padding.VALID, 1.4, 0.1), new Elementwise(Activations.relu()),
                        new Conv(new int[] {2, 2}, new int[] {2, 1}, Padding.CIRCULAR, 1.2, 0, 0, Parameterization.NTK),
                        new Elementwise(Activations.abs()), new GlobalAvgPool(), new Dense(1, 0)),
                Network.of(conv(3, Padding.SAME, 1.4, 0.1), new AvgPool(new int[] {2, 2}, new int[] {1, 1}, Padding.SAME),
                        new LayerNorm(), new Elementwise(Activations.relu()), new Flatten(), new Dense(1, 0.1)),
                Network.of(conv(3, Padding.SAME, 1.0, 0.1), Residual.of(new Elementwise(Activations.relu()),
                        conv(3, Padding.SAME, 1.0, 0.1)), new Elementwise(Activations.relu()), new GlobalAvgPool(),
                        new Dense(1, 0)),
                Network.of(conv(2, Padding.SAME, 1.0, 0.1), FanInConcat.of(
                        Serial.of(new Elementwise(Activations.relu()), conv(3, Padding.SAME, 1.0, 0)),
                        new Elementwise(Activations.erf())), new Flatten(), new Dense(1, 0)),
                Network.of(new Conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 1.3, 0.2, 7, Parameterization.STANDARD),
                        new Elementwise(Activations.relu()), new Flatten(),
                        new Dense(1.0, 0.5, 1, Parameterization.STANDARD)));
    }

    /** Every kernel is symmetric and positive semi-definite; the symmetric shortcut agrees with the general pass. */
    @Test
    void kernelsAreSymmetricPositiveSemidefiniteAndTheShortcutAgrees() {
        INDArray x = images(7, 6, 4, 3, 2);
        for (Network net : architectures()) {
            KernelPair sym = net.kernels(x, x);
            KernelPair gen = net.kernels(x, x.dup());
            for (INDArray k : List.of(sym.nngp(), sym.ntk())) {
                Numeric.assertClose(k, k.transpose(), 0, 1e-15 * k.amaxNumber().doubleValue());
                double smallest = SymmetricEigen.of("k", k.add(k.transpose()).muli(0.5)).smallest();
                assertThat(smallest).as(net.toString()).isGreaterThan(-1e-12 * k.amaxNumber().doubleValue());
            }
            Numeric.assertClose(gen.nngp(), sym.nngp(), 1e-14, 1e-14);
            Numeric.assertClose(gen.ntk(), sym.ntk(), 1e-14, 1e-14);
        }
    }

    /**
     * Network.diagonal (one 1 x 1 pass per input) is the diagonal of the Gram matrix for every architecture; for a
     * fully-connected stack it is InfiniteWidth's O(N) pass, to the last bit; Network.of(stack) is the stack again.
     */
    @Test
    void theDiagonalIsTheGramMatricesDiagonal() {
        INDArray x = images(7, 3, 3, 4, 2);
        for (Network net : architectures()) {
            KernelPair full = net.kernels(x, x);
            KernelPair d = net.diagonal(x);
            for (int i = 0; i < 3; i++) {
                Numeric.assertClose(d.nngp().getDouble(i), full.nngp().getDouble(i, i), 1e-13, 1e-15);
                Numeric.assertClose(d.ntk().getDouble(i), full.ntk().getDouble(i, i), 1e-13, 1e-15);
            }
            Numeric.assertClose(net.nngp().diagonal(x), d.nngp(), 0, 0);
        }
        DenseStack fc = DenseStack.fullyConnected(2, Activations.erf(), 1.2, 0.3);
        INDArray rows = x.reshape(3, 24);
        Network dense = Network.of(fc);
        assertThat(dense.denseStack()).contains(fc);
        Numeric.assertClose(dense.diagonal(rows).ntk(), InfiniteWidth.of(fc).diagonal(rows).ntk(), 0, 0);
        Numeric.assertClose(dense.diagonal(rows).nngp(), InfiniteWidth.of(fc).diagonal(rows).nngp(), 0, 0);
    }

    /** Keeping every pair of positions through a Flatten architecture gives its diagonal-only result. */
    @Test
    void fullSpatialAndDiagonalAgreeForFlatten() {
        INDArray x = images(3, 3, 3, 4, 2);
        Network net = architectures().get(0);
        KernelState s = KernelState.input(x, x, true);
        for (Layer l : net.layers()) {
            s = l.kernel(s);
        }
        KernelPair k = net.kernels(x, x);
        Numeric.assertClose(s.nngpArray(), k.nngp(), 1e-14, 1e-14);
        Numeric.assertClose(s.ntkArray(), k.ntk(), 1e-14, 1e-14);
    }

    /**
     * Standard parameterization on vectors, written out: Dense(w, b) on d inputs: K1 = w^2 K0 + b^2, Theta1 = d K0 + 1;
     * ReLU: K2 = arc-cosine, Theta2 = Theta1 (pi - t) / (2 pi); Dense(w, b) from width n: K3 = w^2 K2 + b^2,
     * Theta3 = n K2 + w^2 Theta2 + 1.
     */
    @Test
    void standardParameterizationOnVectorsByHand() {
        INDArray x = Nd4j.create(new double[][] {{1.0, -0.5, 2.0}, {0.3, 0.8, -1.1}});
        double w = 1.2;
        double b = 0.3;
        int n = 50;
        Network net = Network.of(new Dense(w, b, n, Parameterization.STANDARD), new Elementwise(Activations.relu()),
                new Dense(w, b, 1, Parameterization.STANDARD));
        KernelPair k = net.kernels(x, x);
        double[][] r = x.toDoubleMatrix();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double k0 = dot(r[i], r[j]) / 3;
                double q1 = w * w * dot(r[i], r[i]) / 3 + b * b;
                double q2 = w * w * dot(r[j], r[j]) / 3 + b * b;
                double k1 = w * w * k0 + b * b;
                double t1 = 3 * k0 + 1;
                double c = Math.min(1, k1 / Math.sqrt(q1 * q2));
                double t = Math.acos(c);
                double k2 = Math.sqrt(q1 * q2) / (2 * Math.PI) * (Math.sin(t) + (Math.PI - t) * c);
                double t2 = t1 * (Math.PI - t) / (2 * Math.PI);
                assertThat(k.nngp().getDouble(i, j)).isCloseTo(w * w * k2 + b * b, within(1e-12));
                assertThat(k.ntk().getDouble(i, j)).isCloseTo(n * k2 + w * w * t2 + 1, within(1e-11));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void badInputIsRefusedWithThePlaceAndTheValue() {
        INDArray x = images(5, 2, 4, 4, 3);
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), new Elementwise(Activations.relu()),
                new Elementwise(Activations.erf()), new Flatten(), new Dense(1, 0)).kernels(x, x))
                .isInstanceOf(LayerException.class)
                .hasMessageStartingWith("layer layers[2] (activation erf): activation 'erf' needs Gaussian");
        assertThatThrownBy(() -> Network.of(new Elementwise(Activations.relu()), new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[0] (activation relu)");
        // x + relu(conv(x)) after an activation: neither branch ends with fresh weights, the sum would miss E[x relu(.)]
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), new Elementwise(Activations.relu()),
                Residual.of(conv(3, Padding.SAME, 1, 0), new Elementwise(Activations.relu())), new Flatten(),
                new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[2] (residual): 2 of the 2 branches");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), Residual.of(new Elementwise(Activations.relu()),
                conv(3, Padding.SAME, 1, 0)), new Elementwise(Activations.relu()), new Elementwise(Activations.relu()),
                new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[3] (activation relu)");
        assertThatThrownBy(() -> Network.of(conv(5, Padding.VALID, 1, 0), new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessage("layer layers[0] (conv [5, 5] valid): filter [5, 5] is larger than the input [4, 4] along"
                        + " spatial axis 0 (5 > 4) with VALID padding: expected a window of at most the input extent,"
                        + " or SAME/CIRCULAR padding");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), Residual.of(conv(9, Padding.VALID, 1, 0)),
                new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[1].layers[0] (conv [9, 9] valid): filter [9, 9] is larger");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[1] (dense): dense on an input of shape [4, 4, width] (spatial)");
        assertThatThrownBy(() -> Network.of(new Conv(new int[] {3}, new int[] {1}, Padding.SAME, 1, 0, 0,
                Parameterization.NTK), new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessageContaining("layer layers[0] (conv [3] same): filter [3] with strides [1] has 1 spatial"
                        + " dimension(s) but the input has 2");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), FanInSum.of(conv(3, Padding.SAME, 1, 0),
                conv(3, Padding.VALID, 1, 0)), new Flatten(), new Dense(1, 0)).kernels(x, x))
                .hasMessageStartingWith("layer layers[1] (fan-in-sum): branch 1 gives shape [2, 2, width] but branch 0"
                        + " gives [4, 4, width]");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), new Flatten(), new Dense(1, 0))
                .kernels(x, images(1, 2, 4, 3, 3)))
                .hasMessageStartingWith("x2 has per-input shape [4, 3, 3] but x1 has [4, 4, 3]");
        INDArray nan = x.dup();
        nan.putScalar(new long[] {1, 2, 3, 0}, Double.NaN);
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0), new Flatten(), new Dense(1, 0)).kernels(x, nan))
                .hasMessageStartingWith("x2 contains NaN at [1, 2, 3, 0]");
        assertThatThrownBy(() -> Network.of(new Conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 1, 0, 0,
                Parameterization.STANDARD), new Flatten(), new Dense(1, 0, 0, Parameterization.STANDARD)).kernels(x, x))
                .hasMessageStartingWith("layer layers[2] (dense): the standard-parameterization NTK depends on the input"
                        + " width, which is not set");
        assertThatThrownBy(() -> Network.of(conv(3, Padding.SAME, 1, 0)).kernels(x, x))
                .hasMessageStartingWith("the network's output has shape [4, 4, width] per input: expected a vector");
    }
}
