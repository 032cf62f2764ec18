/**
 * Iterative solvers that see a matrix only through products with blocks of vectors ({@code BlockOperator}): block
 * preconditioned conjugate gradients with a stated stopping tolerance and the true residual reported, and low-rank
 * preconditioners (pivoted Cholesky, Nystrom with the Woodbury identity). The same solver runs on in-memory tiles,
 * memory-mapped tiles on disk, or a cluster.
 */
package org.tangent4j.core.solvers;
