package org.tangent4j.autodiff.tangent;

/**
 * Monte Carlo estimates over independent initialisations theta_s, s = 1..S.
 *
 * @param ntk (1/S) sum_s Theta_{theta_s}(X1, X2), the estimate of the expected tangent kernel
 * @param nngp (1/S) sum_s f_{theta_s}(X1) f_{theta_s}(X2)^T (same index order), the estimate of the NNGP kernel
 *     E[f(x)_a f(x')_b]
 * @param samples S
 */
public record MonteCarloKernels(TangentKernelMatrix ntk, TangentKernelMatrix nngp, int samples) {
}
