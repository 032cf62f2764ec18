/**
 * The bridge between activations as SameDiff expressions and core's {@link org.tangent4j.core.arch.Activation}:
 * {@link org.tangent4j.autodiff.activation.SameDiffActivation} maps the stock activations to graph operations and
 * lets a user's expression serve both a finite network and the infinite-width kernels.
 */
package org.tangent4j.autodiff.activation;
