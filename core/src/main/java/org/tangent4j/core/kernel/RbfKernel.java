package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Matrices;

/**
 * The squared-exponential (RBF, Gaussian) kernel k(x, x') = v exp(-|x - x'|^2 / (2 l^2)).
 *
 * <p>Vectorised with one dgemm of augmented matrices: the exponent -|x - x'|^2 / (2 l^2) =
 * x^T x' / l^2 - |x|^2 / (2 l^2) - |x'|^2 / (2 l^2) is [x / l, -|x|^2 / (2 l^2), 1] . [x' / l, 1, -|x'|^2 / (2 l^2)],
 * followed by two elementwise passes (clamp, exp) and the scaling by v. Round-off can make the exponent slightly
 * positive (~1e-16 |x|^2 / l^2) for (nearly) equal points, whose true value is &lt;= 0; such values are set to 0,
 * the only correction made.
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
        double c = -1.0 / (2 * lengthScale * lengthScale);
        INDArray a1 = Nd4j.hstack(p[0].div(lengthScale), Points.squaredNorms(p[0]).muli(c), ones(p[0].rows()));
        INDArray a2 = Nd4j.hstack(p[1].div(lengthScale), ones(p[1].rows()), Points.squaredNorms(p[1]).muli(c));
        INDArray exponent = Matrices.timesTransposed(a1, a2);
        INDArray k = Transforms.exp(Transforms.min(exponent, 0.0, false), false);
        return variance == 1.0 ? k : k.muli(variance);
    }

    private static INDArray ones(long n) {
        return Nd4j.ones(DataType.DOUBLE, n, 1);
    }

    /** k(x_i, x_i) = v. */
    @Override
    public INDArray diagonal(INDArray x) {
        INDArray m = Points.single(x);
        return Nd4j.valueArrayOf(new long[] {m.rows()}, variance, m.dataType());
    }
}
