/**
 * Width-independent descriptions of fully-connected architectures: {@link org.tangent4j.core.arch.DenseStack},
 * its {@link org.tangent4j.core.arch.Layer}s and the {@link org.tangent4j.core.arch.Activation}s, shared by the
 * infinite-width kernels ({@code core.limits}) and the finite SameDiff networks ({@code autodiff}).
 */
package org.tangent4j.core.arch;
