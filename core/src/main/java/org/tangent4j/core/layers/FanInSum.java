package org.tangent4j.core.layers;

import java.util.Arrays;
import java.util.List;

/**
 * x -&gt; sum_b branch_b(x) (fan-out to the branches, then a fan-in sum; neural-tangents' serial(FanOut(n),
 * parallel(...), FanInSum())). Infinite width: the kernels of the branches add, K' = sum_b K_b, Theta' = sum_b Theta_b,
 * which is exact when the branches are uncorrelated: every branch but at most one must end with its own fresh
 * zero-mean weights (an affine layer, possibly followed by linear maps such as pooling); otherwise the sum is
 * refused (the cross-covariances are not zero). The result is Gaussian only if every branch is.
 *
 * @param branches the branches, applied to the same input (a copy is kept)
 */
public record FanInSum(List<Layer> branches) implements Layer {

    public FanInSum {
        branches = Branches.copy(branches, "fan-in-sum");
    }

    /** The sum of these branches. */
    public static FanInSum of(Layer... branches) {
        return new FanInSum(List.of(branches));
    }

    @Override
    public String name() {
        return "fan-in-sum";
    }

    @Override
    public Shape outputShape(Shape input) {
        List<Shape> s = Branches.shapes(branches, input);
        for (int b = 1; b < s.size(); b++) {
            if (!Arrays.equals(s.get(b).spatial(), s.get(0).spatial())
                    || (s.get(b).hasChannels() && s.get(0).hasChannels() && s.get(b).channels() != s.get(0).channels())) {
                throw new LayerException("branch " + b + " gives shape " + s.get(b) + " but branch 0 gives " + s.get(0)
                        + ": expected the same shape from every branch of a sum");
            }
        }
        return s.get(0);
    }

    @Override
    public KernelState kernel(KernelState input) {
        Shape out = outputShape(input.shape());
        List<KernelState> k = Branches.kernels(branches, input);
        int correlated = 0;
        for (KernelState s : k) {
            correlated += s.independent() ? 0 : 1;
        }
        if (correlated > 1) {
            throw new LayerException(correlated + " of the " + k.size() + " branches do not end with fresh zero-mean"
                    + " weights (an identity, an activation, a normalisation): their values are correlated and the"
                    + " kernel of their sum is not the sum of their kernels; expected at most one such branch");
        }
        double[] ones = new double[k.size()];
        Arrays.fill(ones, 1.0);
        return KernelState.combine(k, ones, out);
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return Branches.needsFull(branches, outputNeedsFull);
    }

    @Override
    public Layer withDefaultWidth(int width) {
        return new FanInSum(Branches.map(branches, l -> l.withDefaultWidth(width)));
    }
}
