package org.tangent4j.core.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrs;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrtrs;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct calls into the OpenBLAS LAPACKE that nd4j-native already loads. ND4J M2.1 exposes potrf and syev only
 * (its Level3.trsm rejects row-major arguments, and syev is ~8x slower than the divide-and-conquer syevd at n =
 * 2048 here), so the decompositions call LAPACKE on the arrays' native buffers. Every array passed in is a fresh
 * contiguous row-major float64 copy owned by the caller.
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

    /** True when {@code a} can be handed to LAPACK as is: float64, row-major, contiguous, not a view. */
    static boolean isWorkArray(INDArray a) {
        return a.dataType() == DataType.DOUBLE && a.ordering() == 'c' && !a.isView() && a.offset() == 0
                && a.length() == a.data().length();
    }

    static DoublePointer ptr(INDArray a) {
        return (DoublePointer) a.data().addressPointer().position(a.offset());
    }

    /** In-place lower Cholesky of a row-major [n, n] copy; returns LAPACK's info (0 ok, k &gt; 0: minor k not PD). */
    static int potrf(INDArray a) {
        int n = (int) a.rows();
        return LAPACKE_dpotrf(LAPACK_ROW_MAJOR, (byte) 'L', n, ptr(a), n);
    }

    /** Solves L L^T X = B in place in the row-major [n, m] copy {@code b}. */
    static int potrs(INDArray lower, INDArray b) {
        int n = (int) lower.rows();
        int m = (int) b.columns();
        return LAPACKE_dpotrs(LAPACK_ROW_MAJOR, (byte) 'L', n, m, ptr(lower), n, ptr(b), m);
    }

    /** Solves L Y = B (lower triangular, no transpose) in place in the row-major [n, m] copy {@code b}. */
    static int trtrsLower(INDArray lower, INDArray b) {
        int n = (int) lower.rows();
        int m = (int) b.columns();
        return LAPACKE_dtrtrs(LAPACK_ROW_MAJOR, (byte) 'L', (byte) 'N', (byte) 'N', n, m, ptr(lower), n, ptr(b), m);
    }

    /** Eigen-decomposes the row-major symmetric copy {@code a} in place (columns become eigenvectors). */
    static int syevd(INDArray a, INDArray values) {
        int n = (int) a.rows();
        return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'L', n, ptr(a), n, ptr(values));
    }

    /** Eigenvalues only of the row-major symmetric copy {@code a} (destroyed). */
    static int syevdValues(INDArray a, INDArray values) {
        int n = (int) a.rows();
        return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'L', n, ptr(a), n, ptr(values));
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
}
