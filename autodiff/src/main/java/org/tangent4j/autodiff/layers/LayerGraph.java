package org.tangent4j.autodiff.layers;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/**
 * The SameDiff graph of a {@link Network} at chosen widths, forward pass only (no gradient function): what
 * {@link LayerNetwork} wraps as a realization function, and enough by itself for outputs f(X) (e.g. Monte Carlo
 * NNGP estimates). Input rows are the inputs flattened row-major ([N, H W C] for NHWC images), reshaped in the graph.
 *
 * @param graph the graph
 * @param output the name of the output variable [N, k]
 * @param network the description with every width set
 * @param inputShape the per-input shape
 * @param parameters the parameters in the order they were drawn
 */
public record LayerGraph(SameDiff graph, String output, Network network, Shape inputShape,
        List<GraphBuilder.Parameter> parameters) {

    /** The input placeholder's name. */
    public static final String INPUT = "x";

    /**
     * Builds the graph with every unset hidden width {@code width} and {@code outputs} outputs (the last layer's
     * width), parameters drawn with {@code seed}.
     *
     * @param input the per-input shape ([H, W, C], [L, C] or [d])
     * @throws org.tangent4j.core.layers.LayerException naming the layer that cannot take its input
     */
    public static LayerGraph build(Network network, Shape input, int width, int outputs, long seed) {
        if (network == null || input == null) {
            throw new IllegalArgumentException("network = " + network + ", input = " + input + ": expected both");
        }
        Checks.positive("width", width);
        Checks.positive("outputs", outputs);
        if (!input.hasChannels()) {
            throw new IllegalArgumentException("input = " + input + ": expected a known number of input channels");
        }
        Network sized = network.withWidths(width, outputs);
        Shape out = sized.outputShape(input);
        if (out.rank() != 0 || out.channels() != outputs) {
            throw new IllegalArgumentException("the network's output has shape " + out + " per input: expected a vector"
                    + " of " + outputs + " outputs (end with flatten or global-avg-pool and a dense readout)");
        }
        SameDiff sd = SameDiff.create();
        int d = input.positions() * input.channels();
        SDVariable x = sd.placeHolder(INPUT, DataType.DOUBLE, -1, d);
        long[] shape = new long[input.rank() + 2];
        shape[0] = -1;
        for (int a = 0; a < input.rank(); a++) {
            shape[a + 1] = input.extent(a);
        }
        shape[shape.length - 1] = input.channels();
        SDVariable h = input.rank() == 0 ? x : x.reshape(shape);
        GraphBuilder g = new GraphBuilder(sd, seed);
        Shape s = input;
        for (int i = 0; i < sized.layers().size(); i++) {
            h = g.layer("layers." + i, sized.layers().get(i), h, s);
            s = sized.layers().get(i).outputShape(s);
        }
        SDVariable y = h.mul(1.0);
        return new LayerGraph(sd, y.name(), sized, input, g.parameters());
    }

    /** f(X), [N, k], for rows of flattened inputs [N, d]. */
    public INDArray apply(INDArray rows) {
        INDArray x = Checks.finiteMatrix("x", rows);
        Checks.columns("x", x, (long) inputShape.positions() * inputShape.channels(), "the flattened input size");
        return graph.output(Map.of(INPUT, x), output).get(output).dup();
    }

    /**
     * Draws every parameter afresh with {@code seed}, in place: the same values as {@link #build} with that seed,
     * without rebuilding the graph.
     */
    public void reinitialise(long seed) {
        GaussianDraws rng = new GaussianDraws(seed);
        for (GraphBuilder.Parameter p : parameters) {
            INDArray v = rng.next(p.shape());
            graph.getVariable(p.name()).getArr().assign(p.scale() == 1 ? v : v.muli(p.scale()));
        }
    }
}
