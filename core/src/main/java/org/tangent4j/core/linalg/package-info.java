/** Positive-definite and symmetric linear algebra through LAPACK: Cholesky with reported jitter, solves, eigendecomposition. */
package org.tangent4j.core.linalg;
