package org.tangent4j.core.regression;

/** How (K + lambda I) A = Y is solved. */
public enum SolverChoice {
    /** Cholesky when the dense float64 matrix fits in half the memory budget, else CG. */
    AUTO,
    /** The dense float64 matrix assembled from the tiles and factorised in place (LAPACK dpotrf): 8 N^2 bytes. */
    CHOLESKY,
    /** Preconditioned block CG streaming the tiles, with a pivoted-Cholesky (Nystrom) preconditioner. */
    CG
}
