/**
 * Realization functions F: theta -&gt; f_theta on SameDiff: the {@link org.tangent4j.autodiff.realization.RealizationFunction}
 * interface (evaluation, named and flat parameters, Jacobian, vector-Jacobian product), its implementation for any
 * SameDiff graph, dense networks realized from a {@link org.tangent4j.core.arch.DenseStack} in the NTK or standard
 * parameterization, the linear random-features model F_lin = P^-1/2 sum_p theta_p f_p, and parameters on disk.
 */
package org.tangent4j.autodiff.realization;
