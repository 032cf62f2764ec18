package org.tangent4j.autodiff.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Shape;

/**
 * The SameDiff form of one class of core layers, for layers that cannot implement {@link GraphLayer} themselves
 * (core has no SameDiff): registered in {@link GraphForms}.
 *
 * @param <L> the layer class
 */
@FunctionalInterface
public interface GraphForm<L extends Layer> {

    /** y = layer(x); see {@link GraphLayer#build}. */
    SDVariable build(L layer, GraphBuilder g, SDVariable x, Shape input);
}
