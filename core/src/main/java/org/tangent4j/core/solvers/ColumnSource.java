package org.tangent4j.core.solvers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;

/**
 * Columns of a symmetric positive semi-definite n x n matrix K, on demand: what a pivoted Cholesky needs (the diagonal
 * and a few columns), never the whole matrix.
 */
public interface ColumnSource {

    /** n. */
    int size();

    /** diag(K), [n]. */
    INDArray diagonal();

    /** K[:, idx], [n, idx.length] float64, a new array that the caller owns (and may close). */
    INDArray columns(int[] idx);

    /** The columns of the Gram matrix of {@code kernel} on the points {@code x} ([n, d]), computed when asked. */
    static ColumnSource of(Kernel kernel, INDArray x) {
        INDArray pts = Checks.finiteMatrix("x", x).castTo(DataType.DOUBLE);
        return new ColumnSource() {
            @Override
            public int size() {
                return (int) pts.rows();
            }

            @Override
            public INDArray diagonal() {
                return kernel.diagonal(pts).castTo(DataType.DOUBLE);
            }

            @Override
            public INDArray columns(int[] idx) {
                INDArray chosen = Nd4j.create(DataType.DOUBLE, idx.length, pts.columns());
                for (int j = 0; j < idx.length; j++) {
                    chosen.putRow(j, pts.getRow(idx[j]));
                }
                return kernel.gram(pts, chosen);
            }
        };
    }
}
