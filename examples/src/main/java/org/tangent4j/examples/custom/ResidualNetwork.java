package org.tangent4j.examples.custom;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
        SplittableRandom r = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable w0 = sd.var("W0", normal(r, d, n));
        SDVariable w1 = sd.var("W1", normal(r, n, n));
        SDVariable b1 = sd.var("b1", normal(r, 1, n).reshape(n));
        SDVariable w2 = sd.var("W2", normal(r, n, n));
        SDVariable wOut = sd.var("Wout", normal(r, n, 1));
        SDVariable bOut = sd.var("bout", normal(r, 1, 1).reshape(1));
        SDVariable h = x.mmul(w0).mul(1 / Math.sqrt(d));
        SDVariable branch = sd.nn.relu(h.mmul(w1).mul(1 / Math.sqrt(n)).add(b1), 0).mmul(w2).mul(1 / Math.sqrt(n));
        SDVariable out = h.add(branch).mmul(wOut).mul(1 / Math.sqrt(n)).add(bOut);
        return SameDiffRealization.of(sd, "x", out.name());
    }

    private static INDArray normal(SplittableRandom r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller from the seeded SplittableRandom: reproducible and independent of ND4J's generator.
            double u1 = 1 - r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return Nd4j.createFromArray(v).reshape(rows, cols);
    }
}
