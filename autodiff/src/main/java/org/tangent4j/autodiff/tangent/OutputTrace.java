package org.tangent4j.autodiff.tangent;

/** How the k outputs are traced out of a full tangent kernel: Theta_traced(x, x') = reduce_a Theta((x, a), (x', a)). */
public enum OutputTrace {
    /** The sum over outputs, as in PyTorch's NTK recipe. The default. */
    SUM,
    /** The mean over outputs (the sum divided by k), as in neural-tangents' {@code trace_axes}. */
    MEAN
}
