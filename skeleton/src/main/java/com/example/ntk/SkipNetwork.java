package com.example.ntk;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.autodiff.realization.SameDiffRealization;

/**
 * An architecture of your own, written in SameDiff: one ReLU hidden layer and a linear skip connection, in the NTK
 * parameterization,
 * <pre>
 * f(x) = relu(x W / sqrt(d)) v / sqrt(n) + x u / sqrt(d),   W [d, n], v [n, 1], u [d, 1], all entries N(0, 1).
 * </pre>
 * Wrapping the graph in {@link SameDiffRealization} is all tangent4j needs: Jacobians, tangent kernels and gradients
 * come from SameDiff's reverse mode.
 */
public final class SkipNetwork {

    private SkipNetwork() {
    }

    /**
     * The realization function theta -&gt; f_theta for inputs of dimension d at width n, initialised from a seed.
     *
     * @param d input dimension
     * @param n width of the hidden layer
     * @param seed seed of the N(0, 1) draws of W, v and u (in that order)
     * @return the network, parameters named "W", "v" and "u"
     */
    public static SameDiffRealization create(int d, int n, long seed) {
        GaussianDraws draws = new GaussianDraws(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable w = sd.var("W", draws.next(d, n));
        SDVariable v = sd.var("v", draws.next(n, 1));
        SDVariable u = sd.var("u", draws.next(d, 1));
        SDVariable hidden = sd.nn.relu(x.mmul(w).mul(1 / Math.sqrt(d)), 0);
        SDVariable out = hidden.mmul(v).mul(1 / Math.sqrt(n)).add(x.mmul(u).mul(1 / Math.sqrt(d)));
        return SameDiffRealization.of(sd, "x", out.name());
    }
}
