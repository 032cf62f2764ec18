package org.tangent4j.autodiff.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.functional.PointwiseLoss;
import org.tangent4j.core.testing.Float64;
import org.tangent4j.core.testing.Numeric;

/**
 * The contract of {@link CostFunctional}, run against every cost by a subclass per cost: the dual d = N dC/df equals
 * N times central finite differences of the value, {@code evaluate} gives the value and the dual of the separate
 * calls, the parameter gradient is the vjp of d / N, the declared curvature bound bounds the second differences of
 * N C in each output, and a stock pointwise cost is (1/N) sum of core's {@link PointwiseLoss} of the same name.
 */
@ExtendWith(Float64.class)
public abstract class CostContract {

    static final int N = 6;

    /** The cost under test. */
    protected abstract CostFunctional cost();

    /** The number of outputs k. */
    protected int outputs() {
        return 2;
    }

    /** Targets the cost accepts, [N, k]. */
    protected INDArray targets() {
        return Numeric.gaussian(401, N, outputs());
    }

    /** Outputs f at which the cost is differentiable, [N, k]. */
    protected INDArray outputsAt() {
        return Numeric.gaussian(402, N, outputs()).muli(1.5);
    }

    /** The core pointwise loss this cost averages, or null. */
    protected PointwiseLoss pointwise() {
        return null;
    }

    @Test
    void dualIsNTimesTheCentralDifferenceOfTheValue() {
        CompiledCost c = CompiledCost.of(cost(), outputs());
        INDArray f = outputsAt();
        INDArray y = targets();
        INDArray dual = c.dual(f, y);
        double h = 1e-6;
        double[][] fd = new double[N][outputs()];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < outputs(); a++) {
                INDArray plus = f.dup();
                plus.putScalar(i, a, f.getDouble(i, a) + h);
                INDArray minus = f.dup();
                minus.putScalar(i, a, f.getDouble(i, a) - h);
                fd[i][a] = N * (c.value(plus, y) - c.value(minus, y)) / (2 * h);
            }
        }
        // truncation h^2 |C'''| ~ 1e-12, rounding N eps |C| / h ~ 1e-9
        Numeric.assertClose(dual, org.nd4j.linalg.factory.Nd4j.createFromArray(fd), 1e-6, 1e-7);
    }

    @Test
    void evaluateIsTheValueAndTheDualTogether() {
        CompiledCost c = CompiledCost.of(cost(), outputs());
        INDArray f = outputsAt();
        INDArray y = targets();
        CompiledCost.Evaluation e = c.evaluate(f, y);
        assertThat(e.value()).isEqualTo(c.value(f, y));
        Numeric.assertClose(e.dual(), c.dual(f, y), 0, 0);
    }

    @Test
    void parameterGradientIsTheVjpOfTheDualOverN() {
        CompiledCost c = CompiledCost.of(cost(), outputs());
        RealizationFunction net = DenseNetworks.realize(DenseStack.fullyConnected(1, SmoothActivation.TANH, 1.2, 0.1), 3,
                4, outputs(), 403);
        INDArray x = Numeric.gaussian(404, N, 3);
        INDArray y = targets();
        INDArray expected = net.vjp(x, c.dual(net.apply(x), y).divi(N));
        Numeric.assertClose(c.parameterGradient(net, x, y), expected, 1e-13, 1e-15);
    }

    @Test
    void curvatureBoundBoundsTheSecondDifferences() {
        OptionalDouble bound = cost().curvatureBound();
        if (bound.isEmpty()) {
            return; // nothing declared, nothing to check
        }
        CompiledCost c = CompiledCost.of(cost(), outputs());
        INDArray y = targets();
        double h = 1e-3;
        double largest = 0;
        for (long seed = 0; seed < 4; seed++) {
            INDArray f = Numeric.gaussian(410 + seed, N, outputs()).muli(0.5 + seed);
            double c0 = c.value(f, y);
            for (int i = 0; i < N; i++) {
                for (int a = 0; a < outputs(); a++) {
                    INDArray plus = f.dup();
                    plus.putScalar(i, a, f.getDouble(i, a) + h);
                    INDArray minus = f.dup();
                    minus.putScalar(i, a, f.getDouble(i, a) - h);
                    largest = Math.max(largest, N * (c.value(plus, y) - 2 * c0 + c.value(minus, y)) / (h * h));
                }
            }
        }
        // second differences with h = 1e-3: rounding N eps |C| / h^2 ~ 1e-8, truncation h^2 |c''''| / 12 ~ 1e-7
        assertThat(largest).isLessThanOrEqualTo(bound.getAsDouble() * (1 + 1e-5) + 1e-6);
    }

    @Test
    void aStockPointwiseCostIsTheMeanOfCoresPointwiseLoss() {
        PointwiseLoss loss = pointwise();
        if (loss == null) {
            return;
        }
        CompiledCost c = CompiledCost.of(cost(), outputs());
        INDArray f = outputsAt();
        INDArray y = targets();
        double sum = 0;
        double[][] dual = new double[N][outputs()];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < outputs(); a++) {
                sum += loss.value(f.getDouble(i, a), y.getDouble(i, a));
                dual[i][a] = loss.derivative(f.getDouble(i, a), y.getDouble(i, a));
            }
        }
        Numeric.assertClose(c.value(f, y), sum / N, 1e-13, 1e-15);
        Numeric.assertClose(c.dual(f, y), org.nd4j.linalg.factory.Nd4j.createFromArray(dual), 1e-12, 1e-14);
        assertThat(cost().curvatureBound()).isEqualTo(loss.curvatureBound());
    }
}
