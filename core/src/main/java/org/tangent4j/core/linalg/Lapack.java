package org.tangent4j.core.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrs;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dstev;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrtrs;
import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct calls into the OpenBLAS LAPACKE that nd4j-native already loads. ND4J M2.1 exposes potrf and syev only
 * (no potrs/trtrs; its Level3.trsm rejects row-major arguments; syev is 3-5x slower than the divide-and-conquer
 * syevd at n = 1024 here), so the decompositions call LAPACKE on the arrays' native buffers.
 *
 * <p>Layout without copies: LAPACKE's row-major entry points transpose every matrix into a temporary (an extra
 * n x n allocation and two passes), so all calls are column-major. A symmetric matrix stored row-major is the same
 * matrix read column-major; dpotrf(COL_MAJOR, 'U') on it leaves U = L^T in the column-major upper triangle, which
 * is L in the row-major lower triangle. Right-hand sides are column-major ('f') copies.
 */
final class Lapack {

    private Lapack() {
    }

    /** A contiguous row-major float64 copy that LAPACK may overwrite. */
    static INDArray workCopy(INDArray a) {
        INDArray c = a.castTo(DataType.DOUBLE).dup('c');
        if (c.isView() || c.ordering() != 'c') {
            throw new IllegalStateException("expected a contiguous row-major copy");
        }
        return c;
    }

    /** A contiguous column-major float64 [n, m] copy for right-hand sides. */
    static INDArray columnMajorCopy(INDArray b) {
        INDArray c = b.castTo(DataType.DOUBLE).dup('f');
        if (c.isView() || c.ordering() != 'f') {
            throw new IllegalStateException("expected a contiguous column-major copy");
        }
        return c;
    }

    /** True when {@code a} can be handed to LAPACK as is: float64, row-major, contiguous, not a view. */
    static boolean isWorkArray(INDArray a) {
        return a.dataType() == DataType.DOUBLE && a.ordering() == 'c' && !a.isView() && a.offset() == 0
                && a.length() == a.data().length();
    }

    static DoublePointer ptr(INDArray a) {
        return (DoublePointer) a.data().addressPointer().position(a.offset());
    }

    /**
     * In-place Cholesky of the symmetric row-major [n, n] copy {@code a}: afterwards its lower triangle is L
     * (the strict upper triangle still holds the input). Returns LAPACK's info (0 ok, k &gt; 0: minor k not PD).
     */
    static int potrf(INDArray a) {
        NativeCheck.ensure();
        int n = (int) a.rows();
        return LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, ptr(a), n);
    }

    /**
     * The upper triangle of C = A^T A into the column-major [r, r] array {@code c}, for the column-major contiguous
     * [n, r] array {@code a} (BLAS dsyrk: n r^2 flops, half of a general product).
     */
    static void syrkUpper(INDArray a, INDArray c) {
        NativeCheck.ensure();
        int n = (int) a.rows();
        int r = (int) a.columns();
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, r, n, 1.0, ptr(a), n, 0.0, ptr(c), r);
    }

    /** Solves L L^T X = B in place in the column-major [n, m] copy {@code b} ({@code lower} from {@link #potrf}). */
    static int potrs(INDArray lower, INDArray b) {
        NativeCheck.ensure();
        int n = (int) lower.rows();
        int m = (int) b.columns();
        return LAPACKE_dpotrs(LAPACK_COL_MAJOR, (byte) 'U', n, m, ptr(lower), n, ptr(b), n);
    }

    /** Solves L Y = B, i.e. U^T Y = B for the column-major U = L^T, in place in the column-major copy {@code b}. */
    static int trtrsLower(INDArray lower, INDArray b) {
        NativeCheck.ensure();
        int n = (int) lower.rows();
        int m = (int) b.columns();
        return LAPACKE_dtrtrs(LAPACK_COL_MAJOR, (byte) 'U', (byte) 'T', (byte) 'N', n, m, ptr(lower), n, ptr(b), n);
    }

    /**
     * Eigen-decomposes the symmetric row-major copy {@code a} in place: afterwards its buffer holds the eigenvectors
     * as column-major columns, so {@code a.transpose()} is V with eigenvectors as columns.
     */
    static int syevd(INDArray a, INDArray values) {
        NativeCheck.ensure();
        int n = (int) a.rows();
        return LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'U', n, ptr(a), n, ptr(values));
    }

    /** Eigenvalues only of the symmetric row-major copy {@code a} (destroyed). */
    static int syevdValues(INDArray a, INDArray values) {
        NativeCheck.ensure();
        int n = (int) a.rows();
        return LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', n, ptr(a), n, ptr(values));
    }

    /**
     * Sets the strict upper triangle of the row-major [n, n] copy {@code a} to 0 (a native copy of zeros per row;
     * ND4J M2.1's {@code Nd4j.triu} crashed the JVM here with "free(): invalid pointer").
     */
    static void zeroStrictUpper(INDArray a) {
        int n = (int) a.rows();
        DoublePointer p = new DoublePointer(ptr(a));
        long base = p.position();
        double[] zeros = new double[n];
        for (int i = 0; i < n - 1; i++) {
            p.position(base + (long) i * n + i + 1).put(zeros, 0, n - i - 1);
        }
    }

    /** Eigenvalues (ascending, into d) of the symmetric tridiagonal matrix with diagonal d and off-diagonal e (dstev). */
    static int stev(double[] d, double[] e) {
        NativeCheck.ensure();
        int n = d.length;
        try (DoublePointer dp = new DoublePointer(d); DoublePointer ep = new DoublePointer(Math.max(1, e.length));
                DoublePointer z = new DoublePointer(1)) {
            ep.put(e);
            int info = LAPACKE_dstev(LAPACK_COL_MAJOR, (byte) 'N', n, dp, ep, z, 1);
            dp.get(d);
            return info;
        }
    }
}
