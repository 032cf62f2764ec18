package org.tangent4j.core.tiles;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.BlasThreads;
import org.tangent4j.core.solvers.BlockOperator;

/**
 * A matrix whose tiles are in a {@link TileStore}: products with blocks of vectors stream the tiles (one tile in
 * float64 working memory at a time), the dense float64 matrix is assembled only on request.
 */
public final class TiledMatrix {

    private final TileStore store;

    /** The matrix of a store whose tiles are all finished. */
    public TiledMatrix(TileStore store) {
        TileGrid g = store.grid();
        for (int[] t : g.storedKeys()) {
            if (!store.has(t[0], t[1])) {
                throw new IllegalArgumentException("tile (" + t[0] + ", " + t[1] + ") of the store is not finished:"
                        + " expected a complete matrix (run TiledGram.compute first)");
            }
        }
        this.store = store;
    }

    /** The store. */
    public TileStore store() {
        return store;
    }

    /** Number of rows. */
    public int rows() {
        return store.grid().rows();
    }

    /** Number of columns. */
    public int columns() {
        return store.grid().cols();
    }

    /**
     * K V for a [cols, k] block V: per stored tile T at (bi, bj), out[bi] += T V[bj] and, for a symmetric matrix with
     * bi &lt; bj, out[bj] += T^T V[bi] ({@link TileProduct}). Float64 arithmetic (float32 tiles are widened exactly, a
     * stripe at a time); each tile is read once. The tiles are shared among {@link BlasThreads#current()} workers,
     * each on one BLAS thread with its own partial sums, by a fixed rule (the next tile to the worker with the least
     * work so far, counted in entries times products); the partial sums are added in worker order. So the result
     * does not depend on the threads' timing: the same inputs give the same bits on every run with the same worker
     * count, and it differs from the one-worker order only by float64 rounding of the sums (relative 1e-16 per
     * addition).
     *
     * @return [rows, k] float64
     */
    public INDArray multiply(INDArray block) {
        INDArray v = Checks.matrix("block", block).castTo(DataType.DOUBLE);
        Checks.rows("block", v, columns(), "the number of columns of the matrix");
        TileGrid g = store.grid();
        int k = (int) v.columns();
        INDArray[] vb = new INDArray[g.colBlocks()];
        for (int b = 0; b < vb.length; b++) {
            vb[b] = rowsOf(v, g, b).dup('c');
        }
        List<List<int[]>> shares = shares(g, BlasThreads.current());
        INDArray[][] partial = new INDArray[shares.size()][g.rowBlocks()];
        for (INDArray[] ob : partial) {
            for (int b = 0; b < ob.length; b++) {
                ob[b] = Nd4j.zeros(DataType.DOUBLE, g.rowSize(b), k);
            }
        }
        Runnable[] work = new Runnable[shares.size()];
        for (int w = 0; w < work.length; w++) {
            List<int[]> share = shares.get(w);
            INDArray[] ob = partial[w];
            work[w] = () -> {
                try (TileProduct product = new TileProduct()) {
                    for (int[] tile : share) {
                        int bi = tile[0];
                        int bj = tile[1];
                        boolean mirror = g.symmetric() && bi != bj;
                        INDArray t = store.read(bi, bj);
                        product.accumulate(t, vb[bj], ob[bi], mirror ? vb[bi] : null, mirror ? ob[bj] : null);
                        if (store.readsCopies()) {
                            t.close();
                        }
                    }
                }
            };
        }
        if (work.length == 1) {
            work[0].run();
        } else {
            try (BlasThreads one = BlasThreads.single()) {
                IntStream.range(0, work.length).parallel().forEach(w -> work[w].run());
            }
        }
        for (INDArray a : vb) {
            a.close();
        }
        INDArray[] ob = partial[0];
        for (int w = 1; w < partial.length; w++) {
            for (int b = 0; b < ob.length; b++) {
                ob[b].addi(partial[w][b]);
                partial[w][b].close();
            }
        }
        if (ob.length == 1) {
            return ob[0];
        }
        INDArray out = Nd4j.concat(0, ob);
        for (INDArray a : ob) {
            a.close();
        }
        return out;
    }

    /**
     * The stored tiles in row-block order, dealt to at most {@code workers} workers: each tile to the worker with
     * the least work so far (entries times products, the lowest index on ties).
     */
    static List<List<int[]>> shares(TileGrid g, int workers) {
        List<int[]> tiles = g.storedKeys();
        int n = Math.max(1, Math.min(workers, tiles.size()));
        List<List<int[]>> shares = new ArrayList<>();
        long[] load = new long[n];
        for (int w = 0; w < n; w++) {
            shares.add(new ArrayList<>());
        }
        for (int[] t : tiles) {
            int least = 0;
            for (int w = 1; w < n; w++) {
                if (load[w] < load[least]) {
                    least = w;
                }
            }
            boolean mirror = g.symmetric() && t[0] != t[1];
            load[least] += (long) g.rowSize(t[0]) * g.colSize(t[1]) * (mirror ? 2 : 1);
            shares.get(least).add(t);
        }
        return shares;
    }

    private static INDArray rowsOf(INDArray m, TileGrid g, int block) {
        int r0 = g.start(block);
        return m.get(NDArrayIndex.interval(r0, r0 + Math.min(g.tile(), (int) m.rows() - r0)), NDArrayIndex.all());
    }

    /** The matrix as one dense float64 [rows, cols] array (rows x cols x 8 bytes). */
    public INDArray toDense() {
        TileGrid g = store.grid();
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {rows(), columns()}, 'c');
        for (int[] key : g.storedKeys()) {
            int bi = key[0];
            int bj = key[1];
            INDArray t = store.readFloat64(bi, bj,
                    Nd4j.createUninitialized(DataType.DOUBLE, new long[] {g.rowSize(bi), g.colSize(bj)}, 'c'));
            block(out, g, bi, bj).assign(t);
            if (g.symmetric() && bi != bj) {
                block(out, g, bj, bi).assign(t.transpose());
            }
        }
        return out;
    }

    private static INDArray block(INDArray m, TileGrid g, int bi, int bj) {
        return m.get(NDArrayIndex.interval(g.start(bi), g.start(bi) + g.rowSize(bi)),
                NDArrayIndex.interval(g.start(bj), g.start(bj) + g.colSize(bj)));
    }

    /** The diagonal of a symmetric matrix, [n], from its diagonal tiles. */
    public INDArray diagonal() {
        TileGrid g = store.grid();
        if (!g.symmetric()) {
            throw new IllegalStateException("diagonal(): expected a symmetric matrix, this one is " + rows() + " x " + columns());
        }
        double[] d = new double[rows()];
        for (int b = 0; b < g.rowBlocks(); b++) {
            int r = g.rowSize(b);
            INDArray t = store.readFloat64(b, b, Nd4j.createUninitialized(DataType.DOUBLE, new long[] {r, r}, 'c'));
            for (int i = 0; i < r; i++) {
                d[g.start(b) + i] = t.getDouble(i, i);
            }
        }
        return Nd4j.createFromArray(d);
    }

    /** This symmetric matrix as the operator V -&gt; K V. */
    public BlockOperator asOperator() {
        if (!store.grid().symmetric()) {
            throw new IllegalStateException("asOperator(): expected a symmetric matrix, this one is " + rows() + " x " + columns());
        }
        return new BlockOperator() {
            @Override
            public int size() {
                return rows();
            }

            @Override
            public INDArray multiply(INDArray block) {
                return TiledMatrix.this.multiply(block);
            }
        };
    }
}
