package org.tangent4j.core.linalg;

import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.failure.NumericalFailureException;

/**
 * The eigendecomposition A = V diag(lambda) V^T of a symmetric matrix (LAPACK dsyevd), eigenvalues ascending.
 * Immutable; matrix functions f(A) = V diag(f(lambda)) V^T (for example exp(-t A) in kernel dynamics) are cheap
 * after the one O(n^3) decomposition.
 */
public final class SymmetricEigen {

    private final INDArray values;
    private final INDArray vectors;

    private SymmetricEigen(INDArray values, INDArray vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * The eigenvalues, ascending, of the symmetric tridiagonal matrix with the given diagonal and off-diagonal (LAPACK
     * dstev, O(n^2)): for example the nodes of a Gauss rule from its Jacobi matrix (Golub and Welsch 1969).
     *
     * @param offDiagonal n - 1 entries
     */
    public static double[] tridiagonalValues(double[] diagonal, double[] offDiagonal) {
        for (double v : diagonal) {
            Checks.finite("diagonal", v);
        }
        for (double v : offDiagonal) {
            Checks.finite("offDiagonal", v);
        }
        if (offDiagonal.length != Math.max(0, diagonal.length - 1)) {
            throw new IllegalArgumentException("offDiagonal has " + offDiagonal.length + " entries, expected "
                    + Math.max(0, diagonal.length - 1) + " (one fewer than the diagonal's)");
        }
        double[] d = diagonal.clone();
        int info = Lapack.stev(d, offDiagonal.clone());
        if (info != 0) {
            throw new ArithmeticException("LAPACK dstev did not converge (info " + info + ")");
        }
        return d;
    }

    /**
     * Decomposes {@code a}; only its lower triangle is read.
     *
     * @param name the argument's name, for messages
     */
    public static SymmetricEigen of(String name, INDArray a) {
        INDArray m = Checks.square(name, a);
        Checks.allFinite(name, m);
        INDArray work = Lapack.workCopy(m);
        INDArray w = Nd4j.create(DataType.DOUBLE, m.rows());
        int info = Lapack.syevd(work, w);
        if (info != 0) {
            throw new NumericalFailureException("LAPACK dsyevd did not converge for " + name + " (info " + info + ")");
        }
        // The buffer now holds V column-major: its transpose view is V with eigenvectors as columns.
        return new SymmetricEigen(w, work.transpose());
    }

    /**
     * The largest eigenvalue lambda_max of the symmetric matrix {@code a} alone (LAPACK dsyevd without eigenvectors,
     * about 3x cheaper than {@link #of}). Used for step-size bounds such as alpha &lt; 2 / lambda_max.
     *
     * @param name the argument's name, for messages
     */
    public static double largestEigenvalue(String name, INDArray a) {
        INDArray m = Checks.square(name, a);
        Checks.allFinite(name, m);
        INDArray work = Lapack.workCopy(m);
        INDArray w = Nd4j.create(DataType.DOUBLE, m.rows());
        int info = Lapack.syevdValues(work, w);
        if (info != 0) {
            throw new NumericalFailureException("LAPACK dsyevd did not converge for " + name + " (info " + info + ")");
        }
        return w.getDouble(w.length() - 1);
    }

    /** Eigenvalues lambda_1 &lt;= ... &lt;= lambda_n ([n], a copy). */
    public INDArray values() {
        return values.dup();
    }

    /** Eigenvectors as the columns of V ([n, n], a copy). */
    public INDArray vectors() {
        return vectors.dup();
    }

    /** lambda_max. */
    public double largest() {
        return values.getDouble(values.length() - 1);
    }

    /** lambda_min. */
    public double smallest() {
        return values.getDouble(0);
    }

    /** n. */
    public int size() {
        return (int) values.length();
    }

    /** f(A) = V diag(f(lambda)) V^T. */
    public INDArray function(DoubleUnaryOperator f) {
        return applyFunction(f, Nd4j.eye(size()).castTo(DataType.DOUBLE));
    }

    /** f(A) B = V diag(f(lambda)) V^T B without forming f(A); b is [n] or [n, m]. */
    public INDArray applyFunction(DoubleUnaryOperator f, INDArray b) {
        boolean vector = b.rank() == 1;
        INDArray rhs = vector ? b.reshape(b.length(), 1) : b;
        Checks.rows("b", rhs, size(), "the size of the decomposed matrix");
        double[] lam = values.data().asDouble();
        double[] fl = new double[lam.length];
        for (int i = 0; i < lam.length; i++) {
            fl[i] = f.applyAsDouble(lam[i]);
        }
        INDArray coeff = vectors.transpose().mmul(rhs.castTo(DataType.DOUBLE));
        coeff.muliColumnVector(Nd4j.createFromArray(fl).reshape(lam.length, 1));
        INDArray out = vectors.mmul(coeff);
        return vector ? out.reshape(b.length()) : out;
    }
}
