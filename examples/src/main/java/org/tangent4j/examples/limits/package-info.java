/**
 * Example {@code infinite-width}: NNGP and NTK kernels on the unit circle for several activations (closed forms,
 * Hermite series, a quadrature check) and the number of Hermite terms each activation needs.
 */
package org.tangent4j.examples.limits;
