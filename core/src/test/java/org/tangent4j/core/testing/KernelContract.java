package org.tangent4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The contract of {@link Kernel}, run against every implementation by a subclass per implementation (in the manner of
 * EJML's generic decomposition tests): symmetry k(x, x') = k(x', x), positive semi-definiteness of the Gram matrix
 * of random points, {@code diagonal} = the diagonal of {@code gram}, {@code value} = a Gram entry, and the equality
 * contract (equal descriptions give equal kernels and hash codes, another description an unequal kernel).
 */
@ExtendWith(Float64.class)
public abstract class KernelContract {

    /** The kernel under test. */
    protected abstract Kernel kernel();

    /** A second, separately constructed kernel with the same description (must be equal to {@link #kernel()}). */
    protected abstract Kernel equalKernel();

    /** A kernel of the same kind with another description (must not be equal). */
    protected abstract Kernel otherKernel();

    /** The input dimension d of the test points. */
    protected int dimension() {
        return 3;
    }

    /**
     * The relative accuracy of one Gram entry, in units of the largest diagonal entry (round-off of the
     * implementation's formula; 1e-13 unless an implementation states a coarser one).
     */
    protected double tolerance() {
        return 1e-13;
    }

    /**
     * The tolerance (same units) of k(x, x) computed by the general two-set path, {@code gram(x, x.dup())}, against the
     * one-set path {@code gram(x)}; {@link #tolerance()} unless the implementation documents a larger error there.
     */
    protected double coincidentPointTolerance() {
        return tolerance();
    }

    private INDArray points(long seed, int n) {
        return Numeric.gaussian(seed, n, dimension());
    }

    private double scale(INDArray x) {
        return kernel().diagonal(x).amaxNumber().doubleValue();
    }

    @Test
    void gramIsSymmetricAndSwappingArgumentsTransposesIt() {
        INDArray x = points(101, 9);
        INDArray z = points(102, 5);
        INDArray k = kernel().gram(x);
        double atol = tolerance() * scale(x);
        Numeric.assertClose(k, k.transpose(), 0, atol);
        INDArray kxz = kernel().gram(x, z);
        assertThat(kxz.shape()).containsExactly(9, 5);
        Numeric.assertClose(kernel().gram(z, x), kxz.transpose(), 0, tolerance() * Math.max(scale(x), scale(z)));
        Numeric.assertClose(kernel().gram(x, x.dup()), k, 0, coincidentPointTolerance() * scale(x));
    }

    @Test
    void gramOfRandomPointsIsPositiveSemiDefinite() {
        INDArray x = points(103, 12);
        INDArray k = kernel().gram(x);
        INDArray sym = k.add(k.transpose()).muli(0.5);
        double[] lambda = SymmetricEigen.of("K", sym).values().toDoubleVector();
        double largest = lambda[lambda.length - 1];
        assertThat(largest).isPositive();
        // eigenvalues of a PSD matrix computed in float64: >= -(n eps) lambda_max, with n eps ~ 12 * 2.2e-16
        assertThat(lambda[0]).as("smallest eigenvalue of K(X, X)").isGreaterThanOrEqualTo(-1e-12 * largest);
    }

    @Test
    void diagonalIsTheDiagonalOfTheGramMatrix() {
        INDArray x = points(104, 7);
        INDArray d = kernel().diagonal(x);
        assertThat(d.shape()).containsExactly(7);
        Numeric.assertClose(d, Nd4j.diag(kernel().gram(x)).reshape(7), 0, tolerance() * scale(x));
    }

    @Test
    void valueIsOneGramEntry() {
        INDArray x = points(105, 2);
        double[] a = x.getRow(0).toDoubleVector();
        double[] b = x.getRow(1).toDoubleVector();
        Numeric.assertClose(kernel().value(a, b), kernel().gram(x).getDouble(0, 1), 0, tolerance() * scale(x));
    }

    @Test
    void kernelsAreValuesEqualWhenTheirDescriptionsAre() {
        Kernel k = kernel();
        Kernel same = equalKernel();
        assertThat(same).isNotSameAs(k);
        assertThat(k).isEqualTo(k).isEqualTo(same);
        assertThat(same).isEqualTo(k);
        assertThat(k.hashCode()).isEqualTo(same.hashCode());
        assertThat(k).isNotEqualTo(otherKernel());
        assertThat(otherKernel()).isNotEqualTo(k);
        assertThat(k).isNotEqualTo(null);
        assertThat(k.toString()).isNotBlank();
    }
}
