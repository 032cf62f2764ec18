package org.tangent4j.core.linalg;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;

/**
 * Small in-place helpers for the large square matrices of kernel methods, written to avoid extra n x n
 * allocations (a fresh n x n float64 array costs page faults: figures in {@code docs/benchmarks.md}).
 */
public final class Matrices {

    private Matrices() {
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
}
