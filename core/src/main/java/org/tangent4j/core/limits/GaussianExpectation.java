package org.tangent4j.core.limits;

import java.util.Objects;
import org.tangent4j.core.arch.Activation;

/**
 * The two expectations an activation layer needs, for (u, v) ~ N(0, [[q1, c], [c, q2]]):
 * E[s(u) s(v)] (the new NNGP entry) and E[s'(u) s'(v)] (the factor of the NTK entry).
 * Implementations write both for a whole row segment at once; every array starts at index 0 (see {@link Arcsine} for
 * why: it lets HotSpot vectorise the loops).
 */
public interface GaussianExpectation {

    /**
     * The expectations of {@code activation} by {@code method} (closed forms for the ReLU family and a erf(b u) + c
     * under {@link ExpectationMethod#AUTOMATIC}), for callers that hold their own (q1, q2, c) triples, such as the
     * layers of convolutional architectures (entries over pairs of inputs and spatial positions).
     */
    static GaussianExpectation of(Activation activation, ExpectationMethod method) {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(method, "method");
        return Expectations.of(activation, method == ExpectationMethod.QUADRATURE);
    }

    /** {@link #apply(double[], double[], double[], double[], int, double[][])} with scratch space of its own. */
    default void apply(double[] q1, double[] q2, double[] k, double[] theta, int len) {
        apply(q1, q2, k, theta, len, new double[3][len]);
    }

    /**
     * For j &lt; len, with variances q1[j] and q2[j] and covariances k[j], in place: k[j] &lt;- E[s(u)s(v)] and
     * theta[j] &lt;- theta[j] E[s'(u)s'(v)]. A Gram row passes its variance repeated in q1; a diagonal passes
     * q1 = q2 = k, and gets the same bits as the Gram matrix's diagonal entries (same arithmetic per entry).
     *
     * @param scratch three arrays of length &gt;= len the implementation may overwrite
     */
    void apply(double[] q1, double[] q2, double[] k, double[] theta, int len, double[][] scratch);

    /**
     * rho = c / s with s = sqrt(q1 q2), within [-1, 1]: |rho| &lt;= 1 by Cauchy-Schwarz, so the bounds only undo
     * round-off; a zero s (a zero input without bias) comes with c = 0 and gives rho = 0. Small enough for the JIT to
     * inline into vectorised loops.
     */
    static double correlation(double c, double s) {
        return Math.min(Math.max(c / Math.max(s, Double.MIN_VALUE), -1), 1);
    }
}
