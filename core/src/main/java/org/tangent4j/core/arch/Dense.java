package org.tangent4j.core.arch;

import org.tangent4j.core.check.Checks;

/**
 * An affine layer. In the NTK parameterization z = (w_std / sqrt(n_in)) x W + b_std b with W and b standard
 * normal; in the standard parameterization z = x W + b with W ~ N(0, w_std^2 / n_in), b ~ N(0, b_std^2).
 * The width n_out is chosen when the stack is realized; the last Dense of a stack has the output width k.
 *
 * @param wStd w_std &gt;= 0
 * @param bStd b_std &gt;= 0 (0 means no bias parameter)
 */
public record Dense(double wStd, double bStd) implements Layer {
    public Dense {
        Checks.nonNegative("wStd", wStd);
        Checks.nonNegative("bStd", bStd);
    }
}
