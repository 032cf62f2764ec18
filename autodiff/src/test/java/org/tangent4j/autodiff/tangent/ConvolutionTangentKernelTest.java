package org.tangent4j.autodiff.tangent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
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
import org.tangent4j.core.layers.Serial;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.testing.Float64;
import org.tangent4j.core.testing.Numeric;

/** The structured contraction of convolution weights and biases against the Jacobian route and a hand computation. */
@ExtendWith(Float64.class)
class ConvolutionTangentKernelTest {

    private static final double AGREE = 1e-10;

    private static final EmpiricalTangentKernel JACOBIAN = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN);
    private static final EmpiricalTangentKernel STRUCTURED = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);

    private static Conv conv(int[] filter, int[] strides, Padding padding, double bStd, Parameterization p) {
        return new Conv(filter, strides, padding, 1.3, bStd, Shape.UNSET, p);
    }

    private static INDArray inputs(long seed, int n, Shape in) {
        Random r = new Random(seed);
        int d = in.positions() * in.channels();
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, d}, DataType.DOUBLE);
    }

    /**
     * STRUCTURED equals JACOBIAN (X1 != X2 and X1 = X2), nothing falls back, and every conv weight took a convolution
     * form: no Jacobian rows, so no N x P array.
     */
    private static TangentKernelMatrix assertFullyStructured(Network net, Shape in, int width, int k) {
        LayerNetwork f = LayerNetwork.realize(net, in, width, k, 17);
        INDArray x1 = inputs(1, 4, in);
        INDArray x2 = inputs(2, 3, in);
        TangentKernelMatrix structured = STRUCTURED.compute(f, x1, x2);
        assertThat(structured.jacobianParameters()).isEmpty();
        assertThat(Numeric.relativeError(structured.full(), JACOBIAN.compute(f, x1, x2).full())).isLessThan(AGREE);
        TangentKernelMatrix sym = STRUCTURED.compute(f, x1);
        assertThat(Numeric.relativeError(sym.full(), JACOBIAN.compute(f, x1).full())).isLessThan(AGREE);
        int convs = 0;
        for (Map.Entry<String, Contraction> e : structured.contractions().entrySet()) {
            long rank = f.parameterShape(e.getKey()).length;
            if (rank == 4) {
                convs++;
                assertThat(e.getValue()).isIn(Contraction.CONVOLUTION_WEIGHT_GRADIENTS,
                        Contraction.CONVOLUTION_POSITION_PAIRS);
            } else if (rank == 1) {
                assertThat(e.getValue()).isEqualTo(Contraction.BIAS);
            }
        }
        assertThat(convs).isPositive();
        return structured;
    }

    @Test
    void twoDimensionalPaddingsAndStridesAreFullyStructured() {
        Shape in = Shape.image(5, 6, 2);
        for (Parameterization p : Parameterization.values()) {
            // SAME with stride 2 on even and odd extents pads unevenly; VALID with strides (2, 1); CIRCULAR wraps
            assertFullyStructured(Network.of(conv(new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, 0.2, p),
                    new Elementwise(Activations.relu()), conv(new int[] {2, 2}, new int[] {1, 1}, Padding.VALID, 0.1, p),
                    new Elementwise(SmoothActivation.TANH), new Flatten(), new Dense(1.0, 0.3)), in, 3, 2);
            assertFullyStructured(Network.of(conv(new int[] {3, 2}, new int[] {2, 1}, Padding.VALID, 0.2, p),
                    new Elementwise(SmoothActivation.TANH), new Flatten(), new Dense(1.0, 0.1)), in, 4, 1);
        }
        assertFullyStructured(Network.of(conv(new int[] {3, 3}, new int[] {2, 2}, Padding.CIRCULAR, 0.2,
                Parameterization.NTK), new Elementwise(Activations.relu()), conv(new int[] {3, 3}, new int[] {1, 1},
                Padding.CIRCULAR, 0, Parameterization.NTK), new Flatten(), new Dense(1.0, 0.1)), in, 3, 2);
    }

    @Test
    void oneDimensionalConvolutionAndGlobalPoolingAreFullyStructured() {
        assertFullyStructured(Network.of(conv(new int[] {3}, new int[] {2}, Padding.SAME, 0.3, Parameterization.NTK),
                new Elementwise(SmoothActivation.TANH), conv(new int[] {2}, new int[] {1}, Padding.CIRCULAR, 0.1,
                        Parameterization.STANDARD), new GlobalAvgPool(), new Dense(1.0, 0.2)),
                Shape.signal(7, 2), 3, 2);
        assertFullyStructured(Network.of(conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 0.1, Parameterization.NTK),
                new Elementwise(Activations.relu()), new GlobalAvgPool(), new Dense(1.0, 0.1)), Shape.image(4, 4, 3), 5, 1);
    }

    @Test
    void residualConvolutionBlockIsFullyStructured() {
        assertFullyStructured(Network.of(conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 0.2, Parameterization.NTK),
                Residual.of(new Elementwise(Activations.relu()),
                        conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 0.1, Parameterization.NTK)),
                new Elementwise(Activations.relu()), new GlobalAvgPool(), new Dense(1.0, 0.1)),
                Shape.image(4, 3, 2), 3, 2);
        // a concatenation of a layer-norm branch and a ReLU branch after the residual block, two dense layers
        assertFullyStructured(Network.of(conv(new int[] {3, 3}, new int[] {1, 1}, Padding.CIRCULAR, 0.2,
                Parameterization.NTK), Residual.of(new Elementwise(Activations.relu()),
                        conv(new int[] {2, 2}, new int[] {1, 1}, Padding.SAME, 0.1, Parameterization.NTK)),
                FanInConcat.of(Serial.of(new LayerNorm(), new Elementwise(Activations.erf())),
                        new Elementwise(Activations.relu())),
                new GlobalAvgPool(), new Dense(1.0, 0.3), new Elementwise(Activations.relu()), new Dense(1.0, 0.1)),
                Shape.image(3, 3, 2), 4, 2);
    }

    /**
     * With convolutions the forward-and-backward passes run over row chunks sized by the budget (16 rows first, then
     * floor(budget / (2 * 8 Q K)) rows: 3 here, Q = 16, K = 18): the kernel is the JACOBIAN one.
     */
    @Test
    void passesOverRowChunksGiveTheSameKernel() {
        Shape in = Shape.image(4, 4, 2);
        LayerNetwork f = LayerNetwork.realize(Network.of(conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 0.2,
                Parameterization.NTK), new Elementwise(Activations.relu()), new GlobalAvgPool(), new Dense(1.0, 0.1)),
                in, 3, 2, 29);
        INDArray x1 = inputs(5, 19, in);
        INDArray x2 = inputs(6, 6, in);
        INDArray jacobian = JACOBIAN.compute(f, x1, x2).full();
        long threeRows = 3L * 2 * 8 * 16 * 18;
        for (EmpiricalTangentKernel e : new EmpiricalTangentKernel[] {STRUCTURED, STRUCTURED.withMemoryBudget(threeRows)}) {
            TangentKernelMatrix t = e.compute(f, x1, x2);
            assertThat(t.jacobianParameters()).isEmpty();
            assertThat(Numeric.relativeError(t.full(), jacobian)).isLessThan(AGREE);
        }
        assertThat(Numeric.relativeError(STRUCTURED.withMemoryBudget(threeRows).compute(f, x1).full(),
                JACOBIAN.compute(f, x1).full())).isLessThan(AGREE);
    }

    /** Few output positions and many channels: the position-pair form is the cheaper one and is taken. */
    @Test
    void fewPositionsAndManyChannelsTakeThePositionPairs() {
        TangentKernelMatrix t = assertFullyStructured(Network.of(
                conv(new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, 0.1, Parameterization.NTK),
                new Elementwise(Activations.relu()), new GlobalAvgPool(), new Dense(1.0, 0.1)),
                Shape.image(3, 3, 12), 40, 1);
        assertThat(t.contractions().get("layers.0.W")).isEqualTo(Contraction.CONVOLUTION_POSITION_PAIRS);
        TangentKernelMatrix wide = assertFullyStructured(Network.of(
                conv(new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, 0.1, Parameterization.NTK),
                new Elementwise(Activations.relu()), new GlobalAvgPool(), new Dense(1.0, 0.1)),
                Shape.image(6, 6, 2), 3, 1);
        assertThat(wide.contractions().get("layers.0.W")).isEqualTo(Contraction.CONVOLUTION_WEIGHT_GRADIENTS);
    }

    /**
     * One conv layer's Theta_W by hand: f(x) = (1/sqrt(Q O)) sum_{p, o} V[p, o] tanh(z(p, o)), z = s conv(x, W) with s =
     * w_std / sqrt(9 C); the patches P_i(p) from core's {@link Padding#source}, z and Delta_i(p, o) = (1/sqrt(Q O))
     * V[p, o] (1 - tanh^2 z_i(p, o)) in plain loops, and Theta_W(i, j) = s^2 sum_{p, p'} (P_i(p) . P_j(p'))
     * (Delta_i(p) . Delta_j(p')). Both forms of the contraction give it.
     */
    @Test
    void oneLayerWeightShareEqualsTheExplicitPatchSums() {
        for (Padding padding : new Padding[] {Padding.SAME, Padding.CIRCULAR, Padding.VALID}) {
            int h = 5;
            int w = 4;
            int c = 2;
            int o = 3;
            int fh = 3;
            int fw = 3;
            int st = 2;
            Shape in = Shape.image(h, w, c);
            Network net = Network.of(new Conv(new int[] {fh, fw}, new int[] {st, st}, padding, 1.3, 0, o,
                    Parameterization.NTK), new Elementwise(SmoothActivation.TANH), new Flatten(), new Dense(1.0, 0));
            LayerNetwork f = LayerNetwork.realize(net, in, o, 1, 23);
            INDArray x1 = inputs(3, 3, in);
            INDArray x2 = inputs(4, 2, in);
            int oh = padding.outputExtent(h, fh, st);
            int ow = padding.outputExtent(w, fw, st);
            int q = oh * ow;
            double s = 1.3 / Math.sqrt(fh * fw * c);
            INDArray weights = f.parameter("layers.0.W");
            INDArray readout = f.parameter("layers.3.W");
            double[][][] p1 = patches(x1, padding, h, w, c, fh, fw, st);
            double[][][] p2 = patches(x2, padding, h, w, c, fh, fw, st);
            double[][][] d1 = signals(p1, weights, readout, s, q, o);
            double[][][] d2 = signals(p2, weights, readout, s, q, o);
            INDArray expected = Nd4j.zeros(DataType.DOUBLE, 3, 2);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    double sum = 0;
                    for (int p = 0; p < q; p++) {
                        for (int pp = 0; pp < q; pp++) {
                            sum += dot(p1[i][p], p2[j][pp]) * dot(d1[i][p], d2[j][pp]);
                        }
                    }
                    expected.putScalar(i, j, s * s * sum);
                }
            }
            Map<String, StructuredContraction.Site> site = Map.of("layers.0.W",
                    StructuredContraction.analyse(f).get("layers.0.W"));
            for (Contraction form : new Contraction[] {Contraction.CONVOLUTION_WEIGHT_GRADIENTS,
                    Contraction.CONVOLUTION_POSITION_PAIRS}) {
                INDArray full = Nd4j.zeros(DataType.DOUBLE, 3, 2);
                // a budget of one example block row: blocks of one X1 example in the position-pair form
                Map<String, Contraction> forms = StructuredContraction.contract(f, x1, x2, site, full, 1, form);
                assertThat(forms).containsEntry("layers.0.W", form);
                assertThat(Numeric.relativeError(full, expected)).as(padding + " " + form).isLessThan(AGREE);
            }
        }
    }

    /** P_i(p), p = oh * OW + ow, entries (tap (u, v), channel) in HWIO order; zero-padded taps read 0. */
    private static double[][][] patches(INDArray x, Padding padding, int h, int w, int c, int fh, int fw, int st) {
        int oh = padding.outputExtent(h, fh, st);
        int ow = padding.outputExtent(w, fw, st);
        double[][][] out = new double[(int) x.rows()][oh * ow][fh * fw * c];
        for (int i = 0; i < x.rows(); i++) {
            for (int a = 0; a < oh; a++) {
                for (int b = 0; b < ow; b++) {
                    for (int u = 0; u < fh; u++) {
                        for (int v = 0; v < fw; v++) {
                            int r = padding.source(a, u, h, fh, st);
                            int col = padding.source(b, v, w, fw, st);
                            for (int ch = 0; ch < c; ch++) {
                                out[i][a * ow + b][(u * fw + v) * c + ch] = r < 0 || col < 0 ? 0
                                        : x.getDouble(i, ((long) r * w + col) * c + ch);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Delta_i(p, o) = (1/sqrt(Q O)) V[p O + o] (1 - tanh^2 z_i(p, o)), z_i(p, o) = s P_i(p) . W[:, :, :, o]. */
    private static double[][][] signals(double[][][] patches, INDArray weights, INDArray readout, double s, int q, int o) {
        INDArray wm = weights.reshape(weights.length() / o, o);
        double[][][] out = new double[patches.length][q][o];
        for (int i = 0; i < patches.length; i++) {
            for (int p = 0; p < q; p++) {
                for (int ch = 0; ch < o; ch++) {
                    double z = 0;
                    for (int t = 0; t < patches[i][p].length; t++) {
                        z += patches[i][p][t] * wm.getDouble(t, ch);
                    }
                    double th = Math.tanh(s * z);
                    out[i][p][ch] = readout.getDouble((long) p * o + ch, 0) / Math.sqrt(q * o) * (1 - th * th);
                }
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += a[t] * b[t];
        }
        return s;
    }
}
