/**
 * The {@code resnet-kernels} example: the infinite-width NNGP and NTK of a fully-connected residual network against
 * its depth, with and without the shortcut, from the layer algebra's description.
 */
package org.tangent4j.examples.resnet;
