package org.tangent4j.core.limits;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two infinite-width kernels of one network on the same point sets, from one pass of the recursion.
 *
 * @param nngp Sigma^(L)(x1_i, x2_j), the covariance of the Gaussian process of each output at initialisation
 * @param ntk Theta^(L)(x1_i, x2_j), the limiting neural tangent kernel of each output (zero across outputs)
 */
public record KernelPair(INDArray nngp, INDArray ntk) {
}
