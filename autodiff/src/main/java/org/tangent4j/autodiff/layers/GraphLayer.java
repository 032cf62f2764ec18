package org.tangent4j.autodiff.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tangent4j.core.layers.Shape;

/**
 * The finite face of a layer: it adds its part of a SameDiff graph, with its parameters, to a {@link GraphBuilder}.
 * A user's own layer implements both {@code core.layers.Layer} (shape and kernel) and this interface; the stock
 * layers of {@code core.layers} have their forms in {@link GraphForms}.
 */
public interface GraphLayer {

    /**
     * y = layer(x).
     *
     * @param g the graph being built (parameters come from {@link GraphBuilder#parameter})
     * @param x the input, [N, shape...] (batch first, channels last)
     * @param input the per-input shape of x, with every width set
     */
    SDVariable build(GraphBuilder g, SDVariable x, Shape input);
}
