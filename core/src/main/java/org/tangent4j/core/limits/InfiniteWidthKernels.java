package org.tangent4j.core.limits;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The NNGP Sigma and NTK Theta of an infinitely wide network on its inputs: what the infinite-width dynamics
 * ({@code core.dynamics}) need. Implemented by the fully-connected {@link InfiniteWidth} and by any
 * {@code core.layers.Network} (whose inputs may also be signals [N, L, C] or NHWC images [N, H, W, C]).
 */
public interface InfiniteWidthKernels {

    /**
     * Sigma(x1_i, x2_j) and Theta(x1_i, x2_j), [N1, N2] each, for inputs [N1, ...] and [N2, ...] (pass the same
     * array twice for a symmetric Gram matrix).
     */
    KernelPair kernels(INDArray x1, INDArray x2);

    /** Sigma(x_i, x_i) and Theta(x_i, x_i), [N] each: the diagonal of {@code kernels(x, x)}. */
    KernelPair diagonal(INDArray x);
}
