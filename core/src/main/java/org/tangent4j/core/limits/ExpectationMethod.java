package org.tangent4j.core.limits;

/** How {@link InfiniteWidth} computes an activation layer's two Gaussian expectations. */
public enum ExpectationMethod {

    /**
     * Closed forms for the ReLU family and a erf(b x) + c; every other activation by its Hermite series
     * ({@code HermiteSeries}, relative truncation error below 1e-12), or by two-dimensional Gauss-Hermite quadrature
     * for a layer where the series does not converge within its term limit. The default.
     */
    AUTOMATIC,

    /** The Hermite series for every activation, closed-form ones included (quadrature where it does not converge). */
    HERMITE_SERIES,

    /** Two-dimensional Gauss-Hermite quadrature of the given degree for every activation. */
    QUADRATURE
}
