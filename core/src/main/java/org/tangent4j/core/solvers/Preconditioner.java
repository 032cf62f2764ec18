package org.tangent4j.core.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An approximation P^-1 of M^-1 for a symmetric positive-definite M, applied to blocks of residuals; P must be
 * symmetric positive definite for preconditioned CG to converge.
 */
public interface Preconditioner {

    /** No preconditioning: P = I. */
    Preconditioner IDENTITY = r -> r.dup();

    /** P^-1 R for a float64 [n, k] block R; a new block. */
    INDArray apply(INDArray residuals);
}
