package org.tangent4j.core.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * x -&gt; concat_b branch_b(x) along channels (fan-out, then a fan-in concatenation). Infinite width: a later
 * layer's channel mean weighs branch b by its share of channels, K' = sum_b (C_b / C) K_b, Theta' likewise (equal
 * weights when the widths are not set yet, i.e. equal hidden widths). Gaussian only if every branch is; the
 * branches need not be independent (no cross terms enter a channel mean).
 *
 * @param branches the branches, applied to the same input (a copy is kept)
 */
public record FanInConcat(List<Layer> branches) implements Layer {

    public FanInConcat {
        branches = Branches.copy(branches, "fan-in-concat");
    }

    /** The concatenation of these branches. */
    public static FanInConcat of(Layer... branches) {
        return new FanInConcat(List.of(branches));
    }

    @Override
    public String name() {
        return "fan-in-concat";
    }

    @Override
    public Shape outputShape(Shape input) {
        List<Shape> s = Branches.shapes(branches, input);
        boolean known = true;
        int c = 0;
        for (int b = 0; b < s.size(); b++) {
            if (!Arrays.equals(s.get(b).spatial(), s.get(0).spatial())) {
                throw new LayerException("branch " + b + " gives shape " + s.get(b) + " but branch 0 gives " + s.get(0)
                        + ": expected the same spatial shape from every branch of a concatenation");
            }
            known &= s.get(b).hasChannels();
            c += s.get(b).channels();
        }
        return s.get(0).withChannels(known ? c : Shape.UNSET);
    }

    /** The weights C_b / C (equal when a width is not set). */
    private double[] weights(List<Shape> s) {
        double[] w = new double[s.size()];
        double total = 0;
        boolean known = true;
        for (int b = 0; b < w.length; b++) {
            known &= s.get(b).hasChannels();
            total += s.get(b).channels();
        }
        for (int b = 0; b < w.length; b++) {
            w[b] = known ? s.get(b).channels() / total : 1.0 / w.length;
        }
        return w;
    }

    @Override
    public KernelState kernel(KernelState input) {
        Shape out = outputShape(input.shape());
        List<KernelState> k = Branches.kernels(branches, input);
        List<Shape> shapes = new ArrayList<>();
        for (KernelState s : k) {
            shapes.add(s.shape());
        }
        return KernelState.combine(k, weights(shapes), out);
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return Branches.needsFull(branches, outputNeedsFull);
    }

    @Override
    public Layer withDefaultWidth(int width) {
        return new FanInConcat(Branches.map(branches, l -> l.withDefaultWidth(width)));
    }
}
