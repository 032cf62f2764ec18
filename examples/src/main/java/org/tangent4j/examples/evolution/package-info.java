/**
 * Example {@code function-evolution}: the NTK paper's Figure 2, trained networks of two widths against the
 * percentiles of the infinite-width Gaussian at t = infinity.
 */
package org.tangent4j.examples.evolution;
