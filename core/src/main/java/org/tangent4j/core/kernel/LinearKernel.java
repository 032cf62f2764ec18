package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Matrices;

/**
 * The linear (dot-product) kernel k(x, x') = s x^T x', Gram matrix K = s X1 X2^T (one BLAS dgemm). Its RKHS is
 * the space of linear functions f(x) = w^T x with ||f||^2 = |w|^2 / s.
 *
 * @param scale s &gt; 0
 */
public record LinearKernel(double scale) implements Kernel {

    /** k(x, x') = x^T x'. */
    public LinearKernel() {
        this(1.0);
    }

    public LinearKernel {
        Checks.positive("scale", scale);
    }

    @Override
    public INDArray gram(INDArray x1, INDArray x2) {
        INDArray[] p = Points.pair(x1, x2);
        return Matrices.timesTransposed(p[0], p[1]).muli(scale);
    }

    /** k(x_i, x_i) = s |x_i|^2. */
    @Override
    public INDArray diagonal(INDArray x) {
        return Points.squaredNorms(Points.single(x)).reshape(x.rows()).muli(scale);
    }
}
