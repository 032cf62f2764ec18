package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Matrices;

/**
 * The polynomial kernel k(x, x') = (x^T x' + c)^p, Gram matrix (X1 X2^T + c)^p elementwise (one dgemm).
 * Positive semi-definite for c &gt;= 0 and integer p &gt;= 1 (a product/sum of PSD kernels).
 *
 * @param offset c &gt;= 0
 * @param degree p &gt;= 1
 */
public record PolynomialKernel(double offset, int degree) implements Kernel {

    public PolynomialKernel {
        Checks.nonNegative("offset", offset);
        Checks.positive("degree", degree);
    }

    @Override
    public INDArray gram(INDArray x1, INDArray x2) {
        INDArray[] p = Points.pair(x1, x2);
        return Transforms.pow(Matrices.timesTransposed(p[0], p[1]).addi(offset), degree, false);
    }

    /** k(x_i, x_i) = (|x_i|^2 + c)^p. */
    @Override
    public INDArray diagonal(INDArray x) {
        INDArray sq = Points.squaredNorms(Points.single(x)).reshape(x.rows());
        return Transforms.pow(sq.addi(offset), degree, false);
    }
}
