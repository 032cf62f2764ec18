package org.tangent4j.autodiff.layers;

import java.util.ArrayList;
import java.util.List;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/**
 * A {@link Network} realized as a SameDiff network at a chosen width: a {@link SameDiffRealization} of the
 * {@link LayerGraph}, whose input rows are the inputs flattened row-major ([N, H W C] for NHWC images, [N, L C] for
 * signals, [N, d] for vectors). The same description gives the infinite-width kernels ({@code network().kernels}).
 */
public final class LayerNetwork extends SameDiffRealization {

    private final LayerGraph built;

    private LayerNetwork(LayerGraph g) {
        super(g.graph(), LayerGraph.INPUT, g.output(), names(g.parameters()));
        this.built = g;
    }

    private static List<String> names(List<GraphBuilder.Parameter> p) {
        List<String> out = new ArrayList<>();
        for (GraphBuilder.Parameter q : p) {
            out.add(q.name());
        }
        return out;
    }

    /** See {@link LayerGraph#build}; the gradient function is built once, here. */
    public static LayerNetwork realize(Network network, Shape input, int width, int outputs, long seed) {
        return new LayerNetwork(LayerGraph.build(network, input, width, outputs, seed));
    }

    /** The description, with the widths it was realized at. */
    public Network network() {
        return built.network();
    }

    /** The per-input shape. */
    public Shape inputShape() {
        return built.inputShape();
    }

    /** Draws every parameter afresh with {@code seed} (see {@link LayerGraph#reinitialise}). */
    public synchronized void reinitialise(long seed) {
        built.reinitialise(seed);
    }
}
