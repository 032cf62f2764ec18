package org.tangent4j.core.tiles;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One stored tile's part of a product K V, the single routine behind every tiled product (on one machine and in a
 * cluster's partitions): for the tile T = K[rows of bi, cols of bj],
 * <pre>
 * out_i += T V_j        and, for an off-diagonal tile of a symmetric matrix,   out_j += T^T V_i
 * </pre>
 * in float64 arithmetic (dgemm). A float32 tile is widened exactly to float64 in stripes of rows small enough for
 * the core's cache (about 1 MiB), and both products use the stripe while it is there, so the tile is read once per
 * product, at 4 bytes per entry, and never as a whole float64 copy. Not thread-safe (it owns scratch stripes).
 */
public final class TileProduct implements AutoCloseable {

    /** Bytes of one widened float64 stripe. */
    static final long STRIPE_BYTES = 1L << 20;

    private final Map<Long, INDArray> scratch = new HashMap<>();
    private float[] floats = new float[0];
    private double[] doubles = new double[0];

    /**
     * Accumulates the tile's products.
     *
     * @param tile T, [r, c] row-major, float64 or float32
     * @param vj V_j, [c, k] float64
     * @param outI out_i, [r, k] float64, row-major and not a view (accumulated in place)
     * @param vi V_i, [r, k] float64, or null when only out_i is wanted
     * @param outJ out_j, [c, k] float64, row-major and not a view, or null when only out_i is wanted
     */
    public void accumulate(INDArray tile, INDArray vj, INDArray outI, INDArray vi, INDArray outJ) {
        boolean mirror = outJ != null;
        if (tile.dataType() == DataType.DOUBLE) {
            Nd4j.gemm(tile, vj, outI, false, false, 1.0, 1.0);
            if (mirror) {
                Nd4j.gemm(tile, vi, outJ, true, false, 1.0, 1.0);
            }
            return;
        }
        int r = (int) tile.rows();
        int c = (int) tile.columns();
        int k = (int) vj.columns();
        int stripe = (int) Math.max(8, Math.min(r, STRIPE_BYTES / (8L * c)));
        for (int s0 = 0; s0 < r; s0 += stripe) {
            int rows = Math.min(stripe, r - s0);
            INDArray wide = scratch(rows, c);
            widen(tile, (long) s0 * c, rows * c, wide);
            INDArray part = scratch(-rows, k);
            Nd4j.gemm(wide, vj, part, false, false, 1.0, 0.0);
            outI.get(NDArrayIndex.interval(s0, s0 + rows), NDArrayIndex.all()).addi(part);
            if (mirror) {
                Nd4j.gemm(wide, vi.get(NDArrayIndex.interval(s0, s0 + rows), NDArrayIndex.all()), outJ, true, false, 1.0, 1.0);
            }
        }
    }

    /** Copies n floats of a row-major float32 array from offset {@code from} into the float64 array {@code to}. */
    private void widen(INDArray tile, long from, int n, INDArray to) {
        FloatBuffer in = tile.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        in.position((int) (tile.offset() + from));
        DoubleBuffer out = to.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        if (floats.length < n) {
            floats = new float[n];
            doubles = new double[n];
        }
        in.get(floats, 0, n);
        for (int i = 0; i < n; i++) {
            doubles[i] = floats[i];
        }
        out.put(doubles, 0, n);
    }

    /** A float64 row-major scratch array [|rows|, cols], kept for reuse (negative rows: a second array of that size). */
    private INDArray scratch(int rows, int cols) {
        return scratch.computeIfAbsent(((long) rows << 32) | cols,
                key -> Nd4j.createUninitialized(DataType.DOUBLE, new long[] {Math.abs(rows), cols}, 'c'));
    }

    /** Frees the scratch stripes now rather than at the next garbage collection. */
    @Override
    public void close() {
        scratch.values().forEach(INDArray::close);
        scratch.clear();
    }
}
