package org.tangent4j.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.circle;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.CustomActivation;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.linalg.SymmetricEigen;

class InfiniteWidthTest {

    static final DenseStack FIGURE_1 = DenseStack.fullyConnected(3, Activations.relu(), 1.0, 0.1);

    /**
     * The paper's Figure 1 network at x0 = (1, 0): by hand, K = 1/2 -> Dense 0.51 (Theta 0.51) -> ReLU halves both
     * (0.255, 0.255) -> Dense 0.265 (Theta 0.52) -> ReLU (0.1325, 0.26) -> Dense 0.1425 (0.4025) -> ReLU
     * (0.07125, 0.20125) -> Dense: Sigma = 0.08125, Theta = 0.20125 + 0.08125 = 0.2825.
     */
    @Test
    void figureOneValuesAtX0() {
        INDArray x0 = circle(0);
        KernelPair k = InfiniteWidth.of(FIGURE_1).kernels(x0, x0);
        assertClose(k.nngp().getDouble(0, 0), 0.08125, 1e-14, 0);
        assertClose(k.ntk().getDouble(0, 0), 0.2825, 1e-14, 0);
    }

    /**
     * Theta(x0, x) at gamma = pi/2 and pi against a seeded Monte Carlo estimate of the same recursion's expectations
     * (2e6 samples of (u, v) per activation layer; the relative standard error is ~1e-3, so 1e-2 is five sigma).
     */
    @Test
    void figureOneValuesOffDiagonalAgreeWithMonteCarlo() {
        INDArray x = circle(0, Math.PI / 2, Math.PI);
        KernelPair k = InfiniteWidth.of(FIGURE_1).kernels(x, x);
        for (int j = 1; j <= 2; j++) {
            double[] mc = monteCarloRecursion(FIGURE_1, x.getRow(0).toDoubleVector(), x.getRow(j).toDoubleVector(), 2_000_000, 7 + j);
            assertClose(k.nngp().getDouble(0, j), mc[0], 1e-2, 1e-4);
            assertClose(k.ntk().getDouble(0, j), mc[1], 1e-2, 1e-4);
        }
        // Sanity by symmetry: Theta(x0, x) is largest at x = x0.
        assertThat(k.ntk().getDouble(0, 0)).isGreaterThan(k.ntk().getDouble(0, 1)).isGreaterThan(k.ntk().getDouble(0, 2));
    }

    /** The recursion with every activation expectation replaced by a seeded sample mean. Returns {Sigma, Theta}. */
    static double[] monteCarloRecursion(DenseStack stack, double[] x, double[] y, int samples, long seed) {
        Random r = new Random(seed);
        return pairRecursion(stack, x, y, (s, q1, q2, c) -> {
            double rho = c / Math.sqrt(q1 * q2);
            double e = 0;
            double ed = 0;
            double e1 = 0;
            double e2 = 0;
            for (int m = 0; m < samples; m++) {
                double z1 = r.nextGaussian();
                double z2 = r.nextGaussian();
                double u = Math.sqrt(q1) * z1;
                double v = Math.sqrt(q2) * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
                e += s.value(u) * s.value(v);
                ed += s.derivative(u) * s.derivative(v);
                e1 += s.value(u) * s.value(u);
                e2 += s.value(v) * s.value(v);
            }
            return new double[] {e / samples, ed / samples, e1 / samples, e2 / samples};
        });
    }

    /** One activation layer of a two-point recursion: {E[s(u)s(v)], E[s'(u)s'(v)], E[s(u)^2], E[s(v)^2]}. */
    interface PairStep {
        double[] apply(Activation s, double q1, double q2, double c);
    }

    /** {Sigma, Theta} of the pair (x, y) through the stack, Dense layers by the stax rule, activations by {@code step}. */
    static double[] pairRecursion(DenseStack stack, double[] x, double[] y, PairStep step) {
        double d = x.length;
        double q1 = dot(x, x) / d;
        double q2 = dot(y, y) / d;
        double c = dot(x, y) / d;
        double t = 0;
        for (Layer layer : stack.layers()) {
            if (layer instanceof Dense dense) {
                double w2 = dense.wStd() * dense.wStd();
                double b2 = dense.bStd() * dense.bStd();
                q1 = w2 * q1 + b2;
                q2 = w2 * q2 + b2;
                c = w2 * c + b2;
                t = w2 * t + c;
            } else {
                double[] e = step.apply(((Nonlinearity) layer).activation(), q1, q2, c);
                c = e[0];
                t *= e[1];
                q1 = e[2];
                q2 = e[3];
            }
        }
        return new double[] {c, t};
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The vectorised closed forms against a plain scalar recursion written from the textbook formulas with the JDK's
     * fdlibm {@code StrictMath.acos/asin} (ReLU: Cho and Saul; erf: Williams), on 300 points so that the row loops
     * run long enough to be vectorised, both for the symmetric shortcut and the general path. Relative 1e-12.
     */
    @Test
    void closedFormsAgreeWithAScalarTextbookRecursion() {
        INDArray x = gaussian(17, 300, 6);
        INDArray y = gaussian(18, 40, 6);
        for (Activation act : new Activation[] {Activations.relu(), Activations.erf()}) {
            DenseStack stack = DenseStack.fullyConnected(4, act, 1.3, 0.2);
            InfiniteWidth iw = InfiniteWidth.of(stack);
            KernelPair sym = iw.kernels(x, x);
            KernelPair gen = iw.kernels(x, y);
            for (int i = 0; i < 300; i += 7) {
                for (int j = 1; j < 300; j += 11) {
                    if (j == i) {
                        continue; // on the diagonal the reference's acos(1 - 1e-16) ~ 1e-8 would be the error measured
                    }
                    double[] ref = textbook(stack, act, x.getRow(i).toDoubleVector(), x.getRow(j).toDoubleVector());
                    assertClose(sym.nngp().getDouble(i, j), ref[0], 1e-12, 0);
                    assertClose(sym.ntk().getDouble(i, j), ref[1], 1e-12, 0);
                }
                for (int j = 0; j < 40; j += 3) {
                    double[] ref = textbook(stack, act, x.getRow(i).toDoubleVector(), y.getRow(j).toDoubleVector());
                    assertClose(gen.nngp().getDouble(i, j), ref[0], 1e-12, 0);
                    assertClose(gen.ntk().getDouble(i, j), ref[1], 1e-12, 0);
                }
            }
        }
    }

    /** {Sigma, Theta} of one pair by the scalar recursion with StrictMath (ReLU or erf activations only). */
    static double[] textbook(DenseStack stack, Activation act, double[] x, double[] y) {
        return pairRecursion(stack, x, y, (s, q1, q2, c) -> {
            if (act.id().equals("relu")) {
                double angle = StrictMath.acos(Math.min(1, c / Math.sqrt(q1 * q2)));
                return new double[] {Math.sqrt(q1 * q2) / (2 * Math.PI) * (Math.sin(angle) + (Math.PI - angle) * Math.cos(angle)),
                    (Math.PI - angle) / (2 * Math.PI), q1 / 2, q2 / 2};
            }
            return new double[] {2 / Math.PI * StrictMath.asin(2 * c / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2))),
                4 / Math.PI / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2) - 4 * c * c),
                2 / Math.PI * StrictMath.asin(2 * q1 / (1 + 2 * q1)), 2 / Math.PI * StrictMath.asin(2 * q2 / (1 + 2 * q2))};
        });
    }

    /**
     * The Hermite series (the default for activations without a closed form) against independent routes: the erf
     * closed form (1e-9 of the largest entry); adaptive quadrature for tanh, GELU, softplus and sin, both stated to
     * 1e-10 (1e-9 of the largest entry after two layers); and, for ReLU, whose kink keeps the series from
     * converging, its fallbacks (the per-entry Mehler series and adaptive quadrature) against quadrature alone.
     */
    @Test
    void hermiteSeriesAgreesWithClosedFormsAndQuadrature() {
        INDArray x = gaussian(31, 24, 3);
        DenseStack erf = DenseStack.fullyConnected(3, Activations.erf(), 1.3, 0.2);
        KernelPair exact = InfiniteWidth.of(erf).kernels(x, x);
        KernelPair series = InfiniteWidth.of(erf, ExpectationMethod.HERMITE_SERIES).kernels(x, x);
        assertCloseToScale(series.nngp(), exact.nngp(), 1e-9);
        assertCloseToScale(series.ntk(), exact.ntk(), 1e-9);
        INDArray few = x.get(NDArrayIndex.interval(0, 6), NDArrayIndex.all());
        for (String name : new String[] {"tanh", "gelu", "softplus", "sin"}) {
            DenseStack stack = DenseStack.fullyConnected(2, Activations.parse(name), 1.2, 0.1);
            KernelPair viaSeries = InfiniteWidth.of(stack).kernels(few, few);
            KernelPair viaQuadrature = InfiniteWidth.of(stack, ExpectationMethod.QUADRATURE).kernels(few, few);
            assertCloseToScale(viaQuadrature.nngp(), viaSeries.nngp(), 1e-9);
            assertCloseToScale(viaQuadrature.ntk(), viaSeries.ntk(), 1e-9);
        }
        // Two point sets whose variances need different truncations (tanh: ~30 terms at q ~ 0.25, ~170 at q ~ 2):
        // the cross kernel equals the corresponding block of the joint symmetric kernel.
        DenseStack tanh = DenseStack.fullyConnected(2, SmoothActivation.TANH, 1.0, 0.1);
        INDArray small = x.mul(0.4);
        INDArray large = x.mul(1.5);
        KernelPair cross = InfiniteWidth.of(tanh).kernels(small, large);
        INDArray both = Nd4j.vstack(small, large);
        KernelPair joint = InfiniteWidth.of(tanh).kernels(both, both);
        INDArray[] block = {joint.nngp().get(NDArrayIndex.interval(0, 24), NDArrayIndex.interval(24, 48)),
            joint.ntk().get(NDArrayIndex.interval(0, 24), NDArrayIndex.interval(24, 48))};
        assertCloseToScale(cross.nngp(), block[0], 1e-9);
        assertCloseToScale(cross.ntk(), block[1], 1e-9);
        KernelPair reluSeries = InfiniteWidth.of(FIGURE_1, ExpectationMethod.HERMITE_SERIES).kernels(x, x);
        KernelPair reluQuadrature = InfiniteWidth.of(FIGURE_1, ExpectationMethod.QUADRATURE).kernels(x, x);
        assertCloseToScale(reluSeries.ntk(), reluQuadrature.ntk(), 1e-9);
    }

    /**
     * A user's activation with a closed form nobody coded: s = s' = exp, E[e^u e^v] = exp((q1 + q2 + 2c) / 2). One
     * hidden layer through the default method (Hermite series) against that formula, 1e-10 relative; at a variance
     * where the Gaussian mass of e^u lies beyond the quadrature's range the kernel is refused, naming the covariance
     * (it used to return finite, wrong numbers).
     */
    @Test
    void customExponentialActivationMatchesItsClosedForm() {
        CustomActivation exp = new CustomActivation("exp", Math::exp, Math::exp);
        DenseStack stack = DenseStack.fullyConnected(1, exp, 0.8, 0.3);
        INDArray x = gaussian(41, 12, 3);
        KernelPair k = InfiniteWidth.of(stack).kernels(x, x);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                double[] xi = x.getRow(i).toDoubleVector();
                double[] xj = x.getRow(j).toDoubleVector();
                double q1 = 0.64 * dot(xi, xi) / 3 + 0.09;
                double q2 = 0.64 * dot(xj, xj) / 3 + 0.09;
                double c = 0.64 * dot(xi, xj) / 3 + 0.09;
                double e = Math.exp((q1 + q2 + 2 * c) / 2);
                double sigma = 0.64 * e + 0.09;
                assertClose(k.nngp().getDouble(i, j), sigma, 1e-10, 0);
                assertClose(k.ntk().getDouble(i, j), 0.64 * c * e + sigma, 1e-10, 0);
            }
        }
        assertThatThrownBy(() -> InfiniteWidth.of(stack).kernels(x.mul(25), x.mul(25)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("activation exp at variances q1 = ");
    }

    /**
     * The series of a point is used only when both expansions (of s and of s') converge, by the first rule (600 nodes,
     * 400 terms) or else the second (2400 nodes, 1600 terms): tanh needs 339 terms at variance 4, 505 (second rule) at
     * variance 6, and more than 1600 at variance 30, where its entries go to the per-entry Mehler series or quadrature.
     */
    @Test
    void seriesNeedsBothExpansionsToConverge() {
        assertThat(InfiniteWidth.hermiteTerms(SmoothActivation.TANH, 4)).isEqualTo(339);
        assertThat(InfiniteWidth.hermiteTerms(SmoothActivation.TANH, 6)).isEqualTo(505);
        assertThat(InfiniteWidth.hermiteTerms(SmoothActivation.TANH, 30)).isEqualTo(-1);
    }

    /** Linear network (identity activations): Sigma = w^4 x.x'/d + ..., computable by hand for depth 1. */
    @Test
    void identityNetworkHasPolynomialKernel() {
        DenseStack s = DenseStack.fullyConnected(1, Activations.identity(), 1.5, 0.5);
        INDArray x = gaussian(3, 5, 4);
        INDArray lin = x.mmul(x.transpose()).divi(4);
        // K1 = 2.25 lin + 0.25; Theta1 = K1; identity keeps both; K2 = 2.25 K1 + 0.25; Theta2 = 2.25 Theta1 + K2.
        INDArray k1 = lin.mul(2.25).addi(0.25);
        INDArray k2 = k1.mul(2.25).addi(0.25);
        INDArray t2 = k1.mul(2.25).addi(k2);
        KernelPair k = InfiniteWidth.of(s).kernels(x, x);
        assertClose(k.nngp(), k2, 1e-13, 1e-14);
        assertClose(k.ntk(), t2, 1e-13, 1e-14);
    }

    /** Adaptive quadrature against the closed forms: its stated 1e-10 (1e-9 of the largest entry after 3 layers). */
    @Test
    void quadratureAgreesWithClosedForms() {
        INDArray x = gaussian(5, 6, 3);
        DenseStack erf = DenseStack.fullyConnected(3, Activations.erf(), 1.3, 0.2);
        KernelPair exact = InfiniteWidth.of(erf).kernels(x, x);
        KernelPair quad = InfiniteWidth.of(erf, ExpectationMethod.QUADRATURE).kernels(x, x);
        assertCloseToScale(quad.nngp(), exact.nngp(), 1e-9);
        assertCloseToScale(quad.ntk(), exact.ntk(), 1e-9);
        KernelPair relu = InfiniteWidth.of(FIGURE_1).kernels(x, x);
        KernelPair reluQuad = InfiniteWidth.of(FIGURE_1, ExpectationMethod.QUADRATURE).kernels(x, x);
        assertCloseToScale(reluQuad.nngp(), relu.nngp(), 1e-9);
        assertCloseToScale(reluQuad.ntk(), relu.ntk(), 1e-9);
    }

    /**
     * The other members of the a min(u,0) + b max(u,0) family (leaky ReLU, |u|), whose derivative jumps, against the
     * seeded Monte Carlo recursion (2e6 samples: relative SE ~1e-3, tolerance 1e-2).
     */
    @Test
    void leakyReluAndAbsClosedFormsAgreeWithMonteCarlo() {
        INDArray x = circle(0.3, 2.0);
        for (Activation a : new Activation[] {Activations.leakyRelu(0.2), Activations.abs()}) {
            DenseStack s = DenseStack.fullyConnected(2, a, 1.1, 0.3);
            KernelPair k = InfiniteWidth.of(s).kernels(x, x);
            double[] mc = monteCarloRecursion(s, x.getRow(0).toDoubleVector(), x.getRow(1).toDoubleVector(), 2_000_000, 13);
            assertClose(k.nngp().getDouble(0, 1), mc[0], 1e-2, 1e-4);
            assertClose(k.ntk().getDouble(0, 1), mc[1], 1e-2, 1e-4);
        }
    }

    /** |actual - expected| &lt;= tol * max|expected| entrywise. */
    static void assertCloseToScale(INDArray actual, INDArray expected, double tol) {
        assertClose(actual, expected, 0, tol * expected.amaxNumber().doubleValue());
    }

    /**
     * tanh and GELU, by adaptive quadrature and by the Hermite series (the default method),
     * against the seeded Monte Carlo recursion (relative SE ~1e-3; tolerance 1e-2).
     */
    @Test
    void quadratureAndSeriesAgreeWithMonteCarloForTanhAndGelu() {
        INDArray x = circle(0.3, 2.0);
        for (Activation a : new Activation[] {SmoothActivation.TANH, SmoothActivation.GELU}) {
            DenseStack s = DenseStack.fullyConnected(2, a, 1.2, 0.1);
            double[] mc = monteCarloRecursion(s, x.getRow(0).toDoubleVector(), x.getRow(1).toDoubleVector(), 2_000_000, 11);
            for (ExpectationMethod method : new ExpectationMethod[] {ExpectationMethod.QUADRATURE, ExpectationMethod.AUTOMATIC}) {
                KernelPair k = InfiniteWidth.of(s, method).kernels(x, x);
                assertClose(k.nngp().getDouble(0, 1), mc[0], 1e-2, 1e-4);
                assertClose(k.ntk().getDouble(0, 1), mc[1], 1e-2, 1e-4);
            }
        }
    }

    @Test
    void kernelsAreSymmetricPositiveSemiDefiniteAndDiagonalsAgree() {
        INDArray x = gaussian(9, 60, 5);
        x.getRow(0).assign(0); // a zero input: no NaN, still PSD
        for (Activation a : new Activation[] {Activations.relu(), Activations.erf(), SmoothActivation.TANH, Activations.abs()}) {
            InfiniteWidth iw = InfiniteWidth.of(DenseStack.fullyConnected(3, a, 1.4, 0.0));
            KernelPair k = iw.kernels(x, x);
            KernelPair viaCopy = iw.kernels(x, x.dup());
            for (INDArray m : new INDArray[] {k.nngp(), k.ntk()}) {
                assertThat(m.isNaN().any()).isFalse();
                assertClose(m, m.transpose(), 0, 0);
                SymmetricEigen e = SymmetricEigen.of("k", m);
                assertThat(e.smallest()).as(a.id()).isGreaterThanOrEqualTo(-1e-10 * e.largest());
            }
            // The symmetric shortcut and the general path agree, and diagonal() matches the Gram diagonal. The general
            // path computes x.x from a dgemm whose rounding differs by ~1e-16 from the row norms; at rho = 1 the kernels
            // have a square-root singularity that turns this into ~1e-8 relative differences on the diagonal. Quadrature
            // (tanh, where its series does not converge) is not symmetric under swapping x and x', so there the two
            // paths differ within the quadrature's tolerance.
            if (a instanceof SmoothActivation) {
                assertCloseToScale(viaCopy.nngp(), k.nngp(), 1e-9);
                assertCloseToScale(viaCopy.ntk(), k.ntk(), 1e-9);
            } else {
                assertClose(viaCopy.nngp(), k.nngp(), 1e-6, 1e-300);
                assertClose(viaCopy.ntk(), k.ntk(), 1e-6, 1e-300);
            }
            assertClose(iw.diagonal(x).nngp(), Nd4j.diag(k.nngp()).reshape(60), 1e-12, 1e-300);
            assertClose(iw.diagonal(x).ntk(), Nd4j.diag(k.ntk()).reshape(60), 1e-12, 1e-300);
        }
    }

    @Test
    void correlationsThatRoundToOneGiveNoNaN() {
        // Identical points far from the origin: rho = 1 up to round-off.
        INDArray x = Nd4j.createFromArray(new double[][] {{1e8, 3e8}, {1e8, 3e8}, {-1e8, -3e8}});
        KernelPair k = InfiniteWidth.of(FIGURE_1).kernels(x, x.dup());
        assertThat(k.nngp().isNaN().any()).isFalse();
        assertThat(k.ntk().isNaN().any()).isFalse();
        assertClose(k.ntk().getDouble(0, 1), k.ntk().getDouble(0, 0), 1e-12, 0);
    }

    /**
     * A zero input without any bias: every pre-activation of x0 is exactly 0, so Sigma(x0, .) = 0 and Theta(x0, .) = 0
     * exactly (each Dense multiplies K and Theta by w^2 and adds 0; ReLU(0) = 0), and the other entries equal those
     * of the kernel without x0.
     */
    @Test
    void zeroInputWithoutBiasGivesExactZerosNotNaN() {
        DenseStack noBias = DenseStack.fullyConnected(3, Activations.relu(), 1.0, 0.0);
        INDArray x = gaussian(5, 4, 3);
        x.getRow(0).assign(0);
        KernelPair k = InfiniteWidth.of(noBias).kernels(x, x);
        INDArray others = x.getRows(1, 2, 3);
        KernelPair rest = InfiniteWidth.of(noBias).kernels(others, others); // same array: exact diagonal, as in k
        for (INDArray m : new INDArray[] {k.nngp(), k.ntk()}) {
            assertThat(m.isNaN().any()).isFalse();
            assertClose(m.getRow(0), Nd4j.zeros(DataType.DOUBLE, 4), 0, 0);
        }
        assertClose(k.nngp().get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(1, 4)), rest.nngp(), 1e-14, 0);
        assertClose(k.ntk().get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(1, 4)), rest.ntk(), 1e-14, 0);
    }

    @Test
    void badInputIsRejected() {
        InfiniteWidth iw = InfiniteWidth.of(FIGURE_1);
        INDArray x = gaussian(1, 3, 2);
        assertThatThrownBy(() -> iw.kernels(x, gaussian(1, 3, 3))).hasMessageContaining("x2 has 3 columns");
        INDArray nan = x.dup();
        nan.putScalar(1, 1, Double.NaN);
        assertThatThrownBy(() -> iw.kernels(nan, x)).hasMessageContaining("x1 contains NaN at [1, 1]");
        assertThatThrownBy(() -> InfiniteWidth.of(FIGURE_1.withParameterization(Parameterization.STANDARD)))
                .hasMessageContaining("parameterization = STANDARD");
        assertThatThrownBy(() -> DenseStack.fullyConnected(2, Activations.relu(), -1, 0)).hasMessageContaining("wStd = -1.0");
        assertThatThrownBy(() -> Activations.parse("relu6")).hasMessageContaining("'relu6'");
        assertThatThrownBy(() -> DenseStack.fullyConnected(-1, Activations.relu(), 1, 0)).hasMessageContaining("depth = -1");
        INDArray tall = Nd4j.zeros(DataType.DOUBLE, 50_000, 1);
        assertThatThrownBy(() -> InfiniteWidth.of(FIGURE_1).kernels(tall, tall)).hasMessageContaining("50000 x 50000")
                .hasMessageContaining("blocks of rows");
    }

    /** Progress reports 1..100 exactly once each (rows finish on several threads), and the kernels are unchanged. */
    @Test
    void progressIsReportedOncePerPercent() {
        INDArray x = gaussian(12, 300, 3);
        InfiniteWidth iw = InfiniteWidth.of(FIGURE_1);
        java.util.List<Integer> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        KernelPair withProgress = iw.kernels(x, x, seen::add);
        assertThat(seen).hasSize(100).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
        assertClose(withProgress.ntk(), iw.kernels(x, x).ntk(), 0, 0);
        seen.clear();
        iw.kernels(x, x.getRows(0, 1, 2), seen::add);
        assertThat(seen).hasSize(100);
    }

    @Test
    void kernelsPlugIntoTheKernelInterface() {
        INDArray x = gaussian(2, 4, 2);
        InfiniteWidth iw = InfiniteWidth.of(FIGURE_1);
        assertClose(iw.ntk().gram(x), iw.kernels(x, x).ntk(), 0, 0);
        assertClose(iw.nngp().gram(x, x.getRows(0, 1)), iw.kernels(x, x).nngp().getColumns(0, 1), 1e-14, 0);
        assertThat(iw.ntk().gram(x).dataType()).isEqualTo(DataType.DOUBLE);
    }
}
