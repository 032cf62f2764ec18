package org.tangent4j.core.functional;

import java.util.List;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * The record of a functional gradient descent run: the iterates f_0, ..., f_T (all written on the same centres)
 * and the loss L(f_t) at each.
 *
 * @param iterates f_0 ... f_T
 * @param losses L(f_0) ... L(f_T)
 * @param step the step size alpha used
 */
public record Trajectory(List<RkhsFunction> iterates, double[] losses, double step) {

    public Trajectory {
        iterates = List.copyOf(iterates);
        losses = losses.clone();
    }

    /** f_T, the last iterate. */
    public RkhsFunction last() {
        return iterates.get(iterates.size() - 1);
    }

    /** L(f_t) for t = 0..T (a copy). */
    @Override
    public double[] losses() {
        return losses.clone();
    }
}
