package org.tangent4j.core.functional;

import org.tangent4j.core.check.Checks;
import org.tangent4j.core.failure.DivergenceException;

/** Step-size validation shared by the gradient-descent loops: alpha &gt; 0 and alpha &lt; 2 / lambda_max. */
final class StepSize {

    private StepSize() {
    }

    /**
     * Refuses, before any iteration, a step that is not positive or that gradient descent on a loss whose Hessian
     * has spectral radius lambdaMax would not contract: alpha &gt;= 2 / lambda_max.
     */
    static double check(double step, double lambdaMax, String hessian) {
        Checks.positive("step", step);
        double bound = 2 / lambdaMax;
        if (lambdaMax > 0 && !(step < bound)) {
            throw new IllegalArgumentException("step = " + step + " diverges: expected step < 2 / lambda_max = " + bound
                    + ", where lambda_max = " + lambdaMax + " is the largest eigenvalue of " + hessian);
        }
        return step;
    }

    /** Stops with a {@link DivergenceException} when the loss is NaN or infinite. */
    static void requireFinite(double loss, int iteration, double step) {
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(iteration, "loss = " + loss + " at step " + iteration + " with step size " + step
                    + ": gradient descent diverged (expected a finite loss; reduce the step)");
        }
    }
}
