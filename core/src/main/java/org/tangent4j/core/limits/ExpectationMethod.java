package org.tangent4j.core.limits;

/**
 * How {@link InfiniteWidth} computes an activation layer's two Gaussian expectations E[s(u)s(v)] and E[s'(u)s'(v)].
 * Every method meets the same stated accuracy at every covariance it accepts: an error below 1e-10 of
 * sqrt(E[s(u)^2] E[s(v)^2]) (of sqrt(E[s'(u)^2] E[s'(v)^2]) for the second), or an {@link ArithmeticException} naming
 * the covariance; they differ only in speed. Closed forms are exact to rounding.
 */
public enum ExpectationMethod {

    /**
     * Closed forms for the ReLU family and a erf(b x) + c; every other activation by its Hermite series over a point set
     * where that converges (a bound on the truncation), by the Mehler series per entry where a bound proves that
     * within tolerance, and by adaptive quadrature otherwise. The default.
     */
    AUTOMATIC,

    /** As {@link #AUTOMATIC}, but closed-form activations too go through the series (for checks). */
    HERMITE_SERIES,

    /** Nested adaptive Gauss-Kronrod quadrature for every entry of every activation (slow; the reference). */
    QUADRATURE
}
