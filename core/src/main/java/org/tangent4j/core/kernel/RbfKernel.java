package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.core.check.Checks;

/**
 * The squared-exponential (RBF, Gaussian) kernel k(x, x') = v exp(-|x - x'|^2 / (2 l^2)).
 *
 * <p>Vectorised as |x - x'|^2 = |x|^2 + |x'|^2 - 2 x^T x' (one dgemm). Round-off can make that expression
 * slightly negative (|value| ~ 1e-16 |x|^2) for (nearly) equal points, whose true value is &gt;= 0; such values
 * are set to 0, the only correction made.
 *
 * @param variance v &gt; 0 (k(x, x) = v)
 * @param lengthScale l &gt; 0
 */
public record RbfKernel(double variance, double lengthScale) implements Kernel {

    /** v = 1 with the given length scale. */
    public RbfKernel(double lengthScale) {
        this(1.0, lengthScale);
    }

    public RbfKernel {
        Checks.positive("variance", variance);
        Checks.positive("lengthScale", lengthScale);
    }

    @Override
    public INDArray gram(INDArray x1, INDArray x2) {
        INDArray[] p = Points.pair(x1, x2);
        INDArray d2 = p[0].mmul(p[1].transpose()).muli(-2.0);
        d2.addiColumnVector(Points.squaredNorms(p[0]));
        d2.addiRowVector(Points.squaredNorms(p[1]).reshape(1, p[1].rows()));
        INDArray k = Transforms.max(d2, 0.0, false).muli(-1.0 / (2 * lengthScale * lengthScale));
        return Transforms.exp(k, false).muli(variance);
    }

    /** k(x_i, x_i) = v. */
    @Override
    public INDArray diagonal(INDArray x) {
        INDArray m = Points.single(x);
        return Nd4j.valueArrayOf(new long[] {m.rows()}, variance, m.dataType());
    }
}
