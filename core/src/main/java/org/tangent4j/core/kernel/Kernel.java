package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A positive semi-definite kernel k(x, x') on R^d.
 *
 * <p>Point sets are float64 matrices whose <b>rows are points</b>: X1 is [N1, d], X2 is [N2, d].
 * Implementations validate shapes and finiteness and throw {@link IllegalArgumentException} naming
 * the offending argument.
 *
 * <p><b>Equality contract.</b> A kernel is a value: two kernels are {@link Object#equals equal} exactly when their
 * descriptions are equal (the same kind of kernel with the same parameters, compared exactly, without tolerances),
 * and equal kernels have equal {@link Object#hashCode hash codes}. Equal kernels therefore define the same RKHS:
 * {@code RkhsFunction} combines only functions whose kernels are equal, and caches of Gram matrices are keyed by
 * kernel equality. Every implementation must override {@code equals} and {@code hashCode} (records do so by their
 * components); a kernel that cannot compare its description (for example one wrapping an arbitrary Java function)
 * falls back to identity, which is still a valid, if conservative, equality.
 */
public interface Kernel {

    /**
     * Gram matrix K[i, j] = k(x1_i, x2_j).
     *
     * @param x1 [N1, d] points as rows
     * @param x2 [N2, d] points as rows
     * @return [N1, N2] float64 matrix (a new array owned by the caller)
     */
    INDArray gram(INDArray x1, INDArray x2);

    /** Symmetric Gram matrix K[i, j] = k(x_i, x_j) of one point set; [N, N]. */
    default INDArray gram(INDArray x) {
        return gram(x, x);
    }

    /**
     * The diagonal k(x_i, x_i) alone, as a vector of length N. The default forms the full Gram matrix;
     * kernels override it where the diagonal is cheaper.
     */
    default INDArray diagonal(INDArray x) {
        INDArray k = gram(x, x);
        int n = (int) k.rows();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = k.getDouble(i, i);
        }
        return Nd4j.createFromArray(d);
    }

    /** k(x, x') for two single points given as arrays of length d. */
    default double value(double[] x, double[] xPrime) {
        var a = Nd4j.createFromArray(new double[][] {x});
        var b = Nd4j.createFromArray(new double[][] {xPrime});
        return gram(a, b).getDouble(0, 0);
    }
}
