package org.tangent4j.core.functional;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * Functional gradient descent f_{t+1} = f_t - alpha grad L(f_t) in representer form on a fixed set of centres.
 *
 * <p>The centres are those of the start f_0 (identical rows merged). Every gradient is written back on them,
 * coefficients of identical centres added ({@link RkhsFunction#onCentres}), so the representation never grows; a
 * gradient with a centre outside the set is an error. Start from {@code RkhsFunction.zero(k, X)} with X the
 * data points of an empirical cost.
 *
 * <p>Stability: when the loss reports a curvature bound lambda_max ({@link Functional#curvatureBound}), a step
 * alpha &gt;= 2 / lambda_max is refused before iterating. A non-finite loss stops the run with an error.
 */
public final class FunctionalGradientDescent {

    private FunctionalGradientDescent() {
    }

    /**
     * Runs T steps of f &lt;- f - alpha grad L(f).
     *
     * @param loss L
     * @param start f_0; its centres are the fixed centres
     * @param step alpha &gt; 0 (and &lt; 2 / lambda_max when a bound is known)
     * @param steps T &gt;= 0
     */
    public static Trajectory run(Functional loss, RkhsFunction start, double step, int steps) {
        Objects.requireNonNull(loss, "loss = null: expected a Functional");
        Objects.requireNonNull(start, "start = null: expected an RkhsFunction f_0");
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + ": expected an integer >= 0");
        }
        Checks.positive("step", step);
        OptionalDouble lambdaMax = loss.curvatureBound(start.kernel());
        if (lambdaMax.isPresent()) {
            StepSize.check(step, lambdaMax.getAsDouble(), "the Hessian operator of the loss (a bound)");
        }
        RkhsFunction f = start.merged();
        INDArray centres = f.centres();
        List<RkhsFunction> iterates = new ArrayList<>(steps + 1);
        double[] losses = new double[steps + 1];
        iterates.add(f);
        losses[0] = loss.value(f);
        StepSize.requireFinite(losses[0], 0, step);
        for (int t = 1; t <= steps; t++) {
            try {
                f = f.minus(loss.gradient(f).times(step)).onCentres(centres);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("start has " + centres.rows() + " centres but the gradient at step " + t
                        + " has a centre outside them (" + e.getMessage() + "): start from RkhsFunction.zero(kernel, X)"
                        + " with X containing every point the loss evaluates", e);
            }
            iterates.add(f);
            losses[t] = loss.value(f);
            StepSize.requireFinite(losses[t], t, step);
        }
        return new Trajectory(iterates, losses, step);
    }
}
