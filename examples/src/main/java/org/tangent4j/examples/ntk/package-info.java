/**
 * Example {@code ntk-convergence}: the NTK paper's Figure 1, empirical NTKs at initialisation and after training
 * against the infinite-width Theta^(4).
 */
package org.tangent4j.examples.ntk;
