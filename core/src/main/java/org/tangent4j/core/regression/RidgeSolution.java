package org.tangent4j.core.regression;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The coefficients A of (K + lambda I) A = Y and how they were obtained.
 *
 * @param coefficients A, [N, k]
 * @param ridge lambda
 * @param method the solver used: "cholesky" or "cg"
 * @param iterations CG iterations (0 for Cholesky)
 * @param preconditionerRank rank of the pivoted-Cholesky preconditioner (0 for Cholesky or none)
 * @param residual the largest relative residual |y_j - (K + lambda I) a_j| / |y_j| over the columns, by one product
 *     with the tiled matrix
 * @param tolerance the stopping tolerance of CG on that residual (NaN for Cholesky, which is direct)
 * @param seconds time to solve, including the preconditioner
 * @param factorization the Cholesky factor of K + lambda I when that was the method (null otherwise), for posterior
 *     variances
 */
public record RidgeSolution(INDArray coefficients, double ridge, String method, int iterations, int preconditionerRank,
                            double residual, double tolerance, double seconds, org.tangent4j.core.linalg.Cholesky factorization) {
}
