package org.tangent4j.examples.custom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.realization.SameDiffRealization;

/**
 * A network no builder makes, written directly in SameDiff: one residual block in the NTK parameterization,
 * <pre>
 * h = x W0 / sqrt(d),   r = h + relu(h W1 / sqrt(n) + b1) W2 / sqrt(n),   f = r Wout / sqrt(n) + bout,
 * </pre>
 * all parameters N(0, 1). Wrapping the graph in {@link SameDiffRealization} is all it takes: the Jacobian, the tangent
 * kernel and parameter gradients come from SameDiff's reverse mode.
 */
public final class ResidualNetwork {

    private ResidualNetwork() {
    }

    /** The realization F: theta -&gt; f_theta of the residual network with input dimension d and width n, seeded. */
    public static RealizationFunction create(int d, int n, long seed) {
        GaussianDraws r = new GaussianDraws(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable w0 = sd.var("W0", r.next(d, n));
        SDVariable w1 = sd.var("W1", r.next(n, n));
        SDVariable b1 = sd.var("b1", r.next(1, n).reshape(n));
        SDVariable w2 = sd.var("W2", r.next(n, n));
        SDVariable wOut = sd.var("Wout", r.next(n, 1));
        SDVariable bOut = sd.var("bout", r.next(1, 1).reshape(1));
        SDVariable h = x.mmul(w0).mul(1 / Math.sqrt(d));
        SDVariable branch = sd.nn.relu(h.mmul(w1).mul(1 / Math.sqrt(n)).add(b1), 0).mmul(w2).mul(1 / Math.sqrt(n));
        SDVariable out = h.add(branch).mmul(wOut).mul(1 / Math.sqrt(n)).add(bOut);
        return SameDiffRealization.of(sd, "x", out.name());
    }
}
