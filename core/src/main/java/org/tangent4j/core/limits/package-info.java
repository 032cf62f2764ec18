/**
 * Infinite-width limits of fully-connected networks: the NNGP covariance Sigma^(L) and the neural tangent kernel
 * Theta^(L), as {@link org.tangent4j.core.kernel.Kernel}s, by closed forms (ReLU family, erf), Hermite series or
 * Gauss-Hermite quadrature.
 */
package org.tangent4j.core.limits;
