package org.tangent4j.core.limits;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two infinite-width kernels of one network on the same point sets, from one pass of the recursion.
 *
 * <p>Ownership: the arrays are handed over, not copied. {@code InfiniteWidth} allocates both for each call and keeps no
 * reference, so the caller owns them and may modify them in place (a 40,000-point pair is 25.6 GB; a defensive copy
 * would double that). A pair built by a caller holds that caller's arrays, which it should not change afterwards.
 *
 * @param nngp Sigma^(L)(x1_i, x2_j), the covariance of the Gaussian process of each output at initialisation
 * @param ntk Theta^(L)(x1_i, x2_j), the limiting neural tangent kernel of each output (zero across outputs)
 */
public record KernelPair(INDArray nngp, INDArray ntk) {
}
