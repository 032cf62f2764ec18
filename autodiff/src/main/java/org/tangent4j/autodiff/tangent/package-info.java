/**
 * The empirical tangent kernel Theta_theta(x, x') = sum_p dF(x)/dtheta_p dF(x')/dtheta_p of a realization function:
 * one entry point ({@link org.tangent4j.autodiff.tangent.EmpiricalTangentKernel}), three algorithms
 * ({@link org.tangent4j.autodiff.tangent.TangentKernelMethod}: Jacobian contraction in memory-bounded blocks,
 * layer-wise structured contraction, Monte Carlo over initialisations), results with a documented index order
 * ({@link org.tangent4j.autodiff.tangent.TangentKernelMatrix}).
 */
package org.tangent4j.autodiff.tangent;
