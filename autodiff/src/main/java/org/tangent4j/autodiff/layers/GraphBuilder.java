package org.tangent4j.autodiff.layers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.LayerException;
import org.tangent4j.core.layers.Shape;

/**
 * A SameDiff graph under construction from a layer description: it names parameters after their place in the
 * description ({@code layers.2.W} for the weights of layer 2, {@code layers.3.layers.0.b} inside a residual block)
 * and draws them from one {@link GaussianDraws} stream in the order they are created (the same seed gives the same
 * network on every platform).
 */
public final class GraphBuilder {

    /** A parameter: its name, shape and the factor its N(0, 1) draws are multiplied by. */
    public record Parameter(String name, long[] shape, double scale) {
    }

    private final SameDiff sd;
    private final GaussianDraws draws;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Deque<String> path = new ArrayDeque<>();

    GraphBuilder(SameDiff sd, long seed) {
        this.sd = sd;
        this.draws = new GaussianDraws(seed);
    }

    /** The graph. */
    public SameDiff graph() {
        return sd;
    }

    /**
     * A new trainable parameter at the current place, entries scale * N(0, 1).
     *
     * @param kind a short suffix, e.g. {@code W} or {@code b}
     */
    public SDVariable parameter(String kind, double scale, long... shape) {
        String name = String.join(".", path) + (path.isEmpty() ? "" : ".") + kind;
        INDArray v = draws.next(shape);
        if (scale != 1) {
            v.muli(scale);
        }
        parameters.add(new Parameter(name, shape.clone(), scale));
        return sd.var(name, v);
    }

    /** The parameters created so far, in order. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /**
     * y = layer(x) for a layer at {@code segment} of the enclosing one (e.g. {@code layers.2}): the layer's own
     * {@link GraphLayer} form if it has one, else the registered {@link GraphForms} form.
     *
     * @throws LayerException naming the place if the layer has no SameDiff form
     */
    public SDVariable layer(String segment, Layer layer, SDVariable x, Shape input) {
        path.addLast(segment);
        try {
            if (layer instanceof GraphLayer g) {
                return g.build(this, x, input);
            }
            return GraphForms.build(layer, this, x, input);
        } catch (LayerException e) {
            throw e.within(segment.replaceFirst("\\.(\\d+)$", "[$1]"), layer.name());
        } finally {
            path.removeLast();
        }
    }
}
