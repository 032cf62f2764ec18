/**
 * The finite face of the layer algebra of {@code core.layers}: each layer's part of a SameDiff graph with its
 * parameters ({@link org.tangent4j.autodiff.layers.GraphLayer}, {@link org.tangent4j.autodiff.layers.GraphForms}),
 * and a whole {@code Network} realized at a width ({@link org.tangent4j.autodiff.layers.LayerNetwork}), saved as
 * {@code arch.json} with one {@code .npy} per parameter and loaded back.
 */
package org.tangent4j.autodiff.layers;
