package org.tangent4j.autodiff.tangent;

/** The algorithms behind {@link EmpiricalTangentKernel}; all compute the same matrix (to float64 rounding). */
public enum TangentKernelMethod {
    /**
     * Theta = J(X1) J(X2)^T from per-point Jacobians dF/dtheta, computed in row blocks whose size keeps the two
     * Jacobian blocks under the memory budget. Works for any realization; one backward pass per (point, output).
     */
    JACOBIAN,
    /**
     * Layer-wise contraction without the N x P Jacobian: for every parameter W used as z = a W (matrix multiply) and
     * every bias b used as z = h + b, possibly through a scalar factor s, Theta gains
     * s^2 (A1 A2^T) * (Delta1 Delta2^T) (elementwise product; A A^T replaced by ones for a bias), where A holds the
     * layer inputs and Delta the backprop signals dF/dz, from one batched backward pass per output. A convolution
     * weight (conv2d, conv1d) gains s^2 sum_{p, p'} (P1(p) . P2(p')) (Delta1(p) . Delta2(p')) over output positions
     * p, p' (P the input patches), by per-example weight gradients or by position pairs, whichever needs fewer
     * operations; a bias over positions s^2 (sum_p Delta1(p)) . (sum_p Delta2(p)). Parameters used otherwise (shared
     * weights, CAUSAL padding, ...) fall back to {@link #JACOBIAN} ({@link TangentKernelMatrix#contractions()} says
     * which); if the graph mixes examples (f(x_i) depends on other rows of the batch) every parameter falls back.
     */
    STRUCTURED,
    /**
     * The average over independent initialisations (seed -&gt; realization) of the per-seed kernels, an estimate of
     * the expected kernel E_theta[Theta]; the NNGP estimate E[f(x) f(x')^T] comes with it.
     */
    MONTE_CARLO
}
