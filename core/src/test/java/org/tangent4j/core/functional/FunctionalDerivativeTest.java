package org.tangent4j.core.functional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.rkhs.RkhsFunction;

class FunctionalDerivativeTest {

    private static final RbfKernel K = new RbfKernel(1.0, 1.2);
    private static final INDArray X = gaussian(21, 8, 2);
    private static final INDArray Y = gaussian(22, 8, 1).reshape(8);
    private static final INDArray LABELS = Nd4j.createFromArray(1.0, 0, 1, 1, 0, 0, 1, 0);
    private static final RkhsFunction F = RkhsFunction.of(K, gaussian(23, 5, 2), gaussian(24, 5, 1).reshape(5));

    /** Random directions g: elements with their own (different) centres. */
    private static RkhsFunction direction(long seed) {
        return RkhsFunction.of(K, gaussian(seed, 4, 2), gaussian(seed + 1, 4, 1).reshape(4));
    }

    /**
     * d/dt L(f + t g) at t = 0 by a central difference with h = 1e-4, against &lt;grad L(f), g&gt;. Truncation error
     * h^2 |L'''| / 6 ~ 1e-9 and round-off 1e-16 |L| / h ~ 1e-12 for these O(1..10) functionals: rtol 1e-6, atol 1e-7.
     */
    private static void assertGradientMatchesFiniteDifference(Functional loss) {
        double h = 1e-4;
        for (long seed = 100; seed < 103; seed++) {
            RkhsFunction g = direction(seed);
            double fd = (loss.value(F.plus(g.times(h))) - loss.value(F.minus(g.times(h)))) / (2 * h);
            assertClose(loss.gradient(F).inner(g), fd, 1e-6, 1e-7);
        }
    }

    @Test
    void eachFunctionalDerivativeMatchesAFiniteDifferenceAlongRandomDirections() {
        PointwiseLoss coshLoss = PointwiseLoss.of("cosh", (p, y) -> Math.cosh(p - y), (p, y) -> Math.sinh(p - y));
        Map<String, Functional> functionals = Map.of(
                "evaluation", Functional.evaluation(0.4, -0.7),
                "squaredNorm", Functional.squaredNorm(),
                "squared", Functional.empirical(PointwiseLoss.squared(), X, Y),
                "logistic", Functional.empirical(PointwiseLoss.logistic(), X, LABELS),
                "huber", Functional.empirical(PointwiseLoss.huber(0.3), X, Y),
                "custom", Functional.empirical(coshLoss, X, Y),
                "sumAndScale", Functional.empirical(PointwiseLoss.squared(), X, Y).plus(Functional.squaredNorm().times(0.7)),
                "ridge", new KernelRidge(X, Y, 0.3).objective());
        functionals.forEach((name, loss) -> assertGradientMatchesFiniteDifference(loss));
    }

    @Test
    void chainRuleMatchesAFiniteDifference() {
        // g(u) = log(1 + u^2), g'(u) = 2u / (1 + u^2), applied to E_x and to the ridge objective.
        assertGradientMatchesFiniteDifference(Functional.evaluation(0.1, 0.2).compose(u -> Math.log1p(u * u), u -> 2 * u / (1 + u * u)));
        assertGradientMatchesFiniteDifference(new KernelRidge(X, Y, 1).objective().compose(Math::sqrt, u -> 0.5 / Math.sqrt(u)));
    }

    @Test
    void closedFormGradientsOfTheNotes() {
        // grad E_x = k(x, .): evaluated anywhere it is k(x, z).
        double[] z = {0.5, 0.5};
        assertClose(Functional.evaluation(0.4, -0.7).gradient(F).value(z), K.value(new double[] {0.4, -0.7}, z), 1e-15, 0);
        // grad ||f||^2 = 2 f: the same centres, twice the coefficients.
        assertClose(Functional.squaredNorm().gradient(F).coefficients(), F.coefficients().mul(2), 0, 0);
    }

    @Test
    void lossesAgreeWithTheirDefinitions() {
        Random r = new Random(7);
        for (int i = 0; i < 20; i++) {
            double p = 4 * r.nextGaussian();
            double y = r.nextBoolean() ? 1 : 0;
            // Direct formulas (fine for |p| <= ~20, no overflow) as the independent route: the negative log-likelihood
            // -log P(y) with P(1) = 1 / (1 + e^-p), and its derivative sigmoid(p) - y.
            double sigmoid = 1 / (1 + Math.exp(-p));
            assertClose(PointwiseLoss.logistic().value(p, y), -Math.log(y == 1 ? sigmoid : 1 - sigmoid), 1e-13, 1e-15);
            assertClose(PointwiseLoss.logistic().derivative(p, y), sigmoid - y, 1e-13, 1e-15);
            // squared: (p - y)^2 / 2 and p - y, the convention of autodiff's Costs.squared() per point
            assertClose(PointwiseLoss.squared().value(p, y), 0.5 * (p - y) * (p - y), 1e-15, 0);
            assertClose(PointwiseLoss.squared().derivative(p, y), p - y, 1e-15, 0);
            double h = 1e-5;
            // Huber derivative against a central difference (exact for a quadratic or linear piece).
            assertClose(PointwiseLoss.huber(0.5).derivative(p, y),
                    (PointwiseLoss.huber(0.5).value(p + h, y) - PointwiseLoss.huber(0.5).value(p - h, y)) / (2 * h), 1e-8, 1e-8);
        }
        // Far in the tail the stable form stays finite: log(1 + e^800) = 800, and keeps its relative accuracy where
        // softplus(p) - p would cancel: log(1 + e^-40) = 4.248354255291589e-18.
        assertClose(PointwiseLoss.logistic().value(-800, 1), 800, 1e-15, 0);
        assertClose(PointwiseLoss.logistic().value(800, 0), 800, 1e-15, 0);
        assertClose(PointwiseLoss.logistic().value(40, 1), Math.log1p(Math.exp(-40)), 1e-15, 0);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Functional.empirical(PointwiseLoss.squared(), X, gaussian(1, 5, 1).reshape(5)))
                .hasMessageContaining("targets has shape [5]").hasMessageContaining("length 8");
        INDArray nanY = Y.dup();
        nanY.putScalar(3, Double.NaN);
        assertThatThrownBy(() -> Functional.empirical(PointwiseLoss.squared(), X, nanY)).hasMessageContaining("targets contains NaN at [3]");
        assertThatThrownBy(() -> Functional.evaluation(1, Double.POSITIVE_INFINITY)).hasMessageContaining("point contains Infinity at [1]");
        assertThatThrownBy(() -> Functional.evaluation(1, 2, 3).gradient(F)).hasMessageContaining("f has input dimension 2");
        assertThatThrownBy(() -> PointwiseLoss.huber(-1)).hasMessageContaining("delta = -1.0");
        assertThatThrownBy(() -> Functional.empirical(PointwiseLoss.squared(), X, Y).value(RkhsFunction.representer(K, 1, 2, 3)))
                .hasMessageContaining("points has 2 columns: expected d = 3 (the input dimension of f)");
    }

    @Test
    void gramCachesNeverServeAStaleMatrix() {
        // Independent routes: sum_i (f(x_i) - y_i)^2 / 2 with f evaluated by RkhsFunction.apply, and RkhsFunction.squaredNorm
        // (neither cached), along a sequence that changes centres, kernel and coefficients.
        Functional cost = Functional.empirical(PointwiseLoss.squared(), X, Y);
        Functional norm = Functional.squaredNorm();
        RkhsFunction g = direction(7);
        RkhsFunction sameCentresOtherKernel = RkhsFunction.of(new RbfKernel(1.0, 0.5), F.centres(), F.coefficients());
        for (RkhsFunction f : new RkhsFunction[] {F, g, F, sameCentresOtherKernel, F.times(3), g}) {
            INDArray r = f.apply(X).sub(Y);
            assertClose(cost.value(f), 0.5 * r.mul(r).sumNumber().doubleValue(), 1e-13, 1e-13);
            assertClose(cost.gradient(f).coefficients(), r, 1e-13, 1e-13);
            assertClose(norm.value(f), f.squaredNorm(), 1e-13, 1e-13);
        }
    }
}
