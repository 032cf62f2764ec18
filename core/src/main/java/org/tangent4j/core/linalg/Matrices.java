package org.tangent4j.core.linalg;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.check.Checks;

/**
 * Small in-place helpers for the large square matrices of kernel methods, written to avoid extra n x n
 * allocations (a fresh n x n float64 array costs page faults: figures in {@code docs/benchmarks.md}).
 */
public final class Matrices {

    private Matrices() {
    }

    /** x[from:to, ...]: rows [from, to) along the first axis of an array of any rank, as a row-major copy of its own. */
    public static INDArray rows(INDArray x, long from, long to) {
        INDArrayIndex[] at = new INDArrayIndex[x.rank()];
        at[0] = NDArrayIndex.interval(from, to);
        for (int ax = 1; ax < at.length; ax++) {
            at[ax] = NDArrayIndex.all();
        }
        return x.get(at).dup('c');
    }

    /**
     * A &lt;- A + v I in place (O(n), no identity matrix is formed).
     *
     * @param a a square matrix, modified
     * @return {@code a}
     */
    public static INDArray addToDiagonal(INDArray a, double v) {
        Checks.square("a", a);
        Checks.finite("v", v);
        if (v != 0) {
            long n = a.rows();
            for (long i = 0; i < n; i++) {
                a.putScalar(i, i, a.getDouble(i, i) + v);
            }
        }
        return a;
    }

    /**
     * Requires a finite vector of length n (rank 1, or an [n, 1] column) and returns it as a float64 rank-1 copy.
     * The message names the argument, its shape and why n is expected, e.g.
     * {@code "targets has shape [10]: expected a vector of length 12 (one per row of points)"}.
     */
    public static INDArray vector(String name, INDArray v, long n, String why) {
        if (v == null) {
            throw new NullPointerException(name + " = null: expected a vector of length " + n + " (" + why + ")");
        }
        if (v.length() != n || v.rank() > 2 || (v.rank() == 2 && v.columns() != 1)) {
            throw new IllegalArgumentException(name + " has shape " + (v == null ? "null" : Arrays.toString(v.shape()))
                    + ": expected a vector of length " + n + " (" + why + ")");
        }
        Checks.allFinite(name, v);
        return v.castTo(DataType.DOUBLE).dup('c').reshape(n);
    }

    /**
     * The Gram matrix L^T L of the columns of L ([n, r]), symmetric to the last bit: one BLAS dsyrk (n r^2 flops) on
     * a column-major copy of L (none when L is already column-major and contiguous), the lower triangle mirrored.
     *
     * @return [r, r] float64
     */
    public static INDArray columnGram(INDArray l) {
        INDArray a = l.castTo(DataType.DOUBLE);
        boolean direct = a.ordering() == 'f' && !a.isView() && a.offset() == 0 && a.length() == a.data().length();
        INDArray f = direct ? a : a.dup('f');
        int r = (int) f.columns();
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {r, r}, 'f');
        if (r > 0 && f.rows() > 0) {
            Lapack.syrkUpper(f, c);
        }
        double[] g = c.data().asDouble();
        for (int j = 0; j < r; j++) {
            for (int i = j + 1; i < r; i++) {
                g[i + j * r] = g[j + i * r]; // lower (i, j) = upper (j, i), column-major (r <= 46340)
            }
        }
        if (f != a) {
            f.close();
        }
        return Nd4j.create(g, new long[] {r, r}, 'f');
    }

    /**
     * A B^T for A [n, k] and B [m, k], as one dgemm into a fresh row-major [n, m] float64 array. It is the product
     * {@code a.mmul(b.transpose())} computes, but for n = m = 4096, k = 10 that took 0.31-0.45 s where this dgemm takes
     * 0.025 s (plus the first touch of the fresh 134 MB), so the RBF Gram matrix went from 0.37-0.49 s to 0.17-0.18 s.
     */
    public static INDArray timesTransposed(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {a.rows(), b.rows()}, 'c');
        Nd4j.gemm(a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE), out, false, true, 1.0, 0.0);
        return out;
    }
}
