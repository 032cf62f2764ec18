/**
 * The layer algebra: an architecture as one description whose layers each know their output shape and their
 * infinite-width kernel transform ({@link org.tangent4j.core.layers.Layer}, {@link org.tangent4j.core.layers.KernelState});
 * convolutions, pooling, layer normalisation, activations, and the combinators serial, fan-in sum, fan-in
 * concatenation and residual. {@link org.tangent4j.core.layers.Network} gives the NNGP and NTK of a whole network.
 */
package org.tangent4j.core.layers;
