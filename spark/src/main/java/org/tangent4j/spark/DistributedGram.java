package org.tangent4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.solvers.BlockOperator;
import org.tangent4j.core.solvers.ColumnSource;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.linalg.BlasThreads;
import org.tangent4j.core.tiles.TileProduct;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The symmetric train-train Gram matrix K(X, X) as a cached Spark RDD of tiles: each task computes its share of the
 * tiles bi &lt;= bj ({@link TileTasks}) on the shared points ({@link SharedMatrix}), and Spark keeps them at
 * {@link StorageLevel#MEMORY_AND_DISK()}; a lost partition is recomputed
 * from its lineage (the same tasks, the same values). Products with blocks of vectors run where the tiles are:
 * <pre>
 * K V = sum over partitions p of  sum_{(bi, bj) in p} [ e_bi T V[bj] + (bi &lt; bj) e_bj T^T V[bi] ]
 * </pre>
 * with V shared ({@link SharedMatrix}), one partial per partition holding only the row blocks its tiles touch
 * ({@link BlockVector}) and a tree reduction (depth {@link #TREE_DEPTH}); the driver receives O(N k) per product,
 * never a tile.
 */
final class DistributedGram implements AutoCloseable {

    /** Depth of the tree reduction of the per-partition partial products. */
    static final int TREE_DEPTH = 2;

    private final JavaSparkContext sc;
    private final TileGrid grid;
    private final Storage storage;
    private final JavaRDD<Tile> tiles;
    private final double roundingError;
    private final long tileBytes;
    private final double[] diagonal;
    private final LongAccumulator computed;
    private final FaultInjection fault;
    private final long owner;
    private final long nativeBudget;
    private int products;

    /** Owner ids of the native tile copies ({@link NativeTiles}), unique in the driver's JVM and so in the application. */
    private static final java.util.concurrent.atomic.AtomicLong OWNERS = new java.util.concurrent.atomic.AtomicLong();

    private DistributedGram(JavaSparkContext sc, TileGrid grid, Storage storage, JavaRDD<Tile> tiles, LongAccumulator computed,
                            FaultInjection fault, long owner, long nativeBudget) {
        this.sc = sc;
        this.owner = owner;
        this.nativeBudget = nativeBudget;
        this.grid = grid;
        this.storage = storage;
        this.tiles = tiles;
        this.computed = computed;
        this.fault = fault;
        // one job computes and caches the tiles and brings what the driver keeps of them: the largest rounding error,
        // the bytes, the diagonal (N numbers)
        double[] worst = {0};
        long[] bytes = {0};
        this.diagonal = new double[grid.rows()];
        scala.Function2<Object, Summary, BoxedUnit> keep = (index, s) -> {
            worst[0] = Math.max(worst[0], s.roundingError);
            bytes[0] += s.bytes;
            for (var e : s.diagonals.entrySet()) {
                System.arraycopy(e.getValue(), 0, diagonal, grid.start(e.getKey()), e.getValue().length);
            }
            return BoxedUnit.UNIT;
        };
        sc.sc().runJob(tiles.rdd(), new Summarize(), allPartitions(tiles.getNumPartitions()), keep,
                ClassTag$.MODULE$.apply(Summary.class));
        this.roundingError = worst[0];
        this.tileBytes = bytes[0];
    }

    /** A partition's tiles in brief: the largest rounding error, the bytes, the diagonals of its diagonal tiles. */
    static final class Summary implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        double roundingError;
        long bytes;
        final java.util.TreeMap<Integer, double[]> diagonals = new java.util.TreeMap<>();
    }

    /** The {@link Summary} of a partition (a named class: see {@link PartitionProduct}). */
    static final class Summarize extends AbstractFunction2<TaskContext, scala.collection.Iterator<Tile>, Summary>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Summary apply(TaskContext tc, scala.collection.Iterator<Tile> it) {
            Summary s = new Summary();
            while (it.hasNext()) {
                Tile t = it.next();
                s.roundingError = Math.max(s.roundingError, t.roundingError);
                s.bytes += t.bytes();
                if (t.bi == t.bj) {
                    s.diagonals.put(t.bi, t.diagonal());
                }
            }
            return s;
        }
    }

    /**
     * Computes and caches the tiles of K(x, x) (side {@code tile}) in {@code partitions} tasks, each a contiguous run
     * of the tiles in row-major order.
     *
     * @param fault a test hook (tile tasks, product tasks, executors that fail once), or null
     * @param nativeBudget bytes of native tile copies ({@link NativeTiles}) each JVM running tasks may keep, 0 for none
     */
    static DistributedGram compute(JavaSparkContext sc, KernelSpec spec, SharedMatrix x, Storage storage, int tile,
                                   int partitions, FaultInjection fault, long nativeBudget) {
        int n = x.rows();
        TileGrid grid = new TileGrid(n, n, tile, true);
        LongAccumulator computed = sc.sc().longAccumulator("tangent4j tiles computed");
        long owner = OWNERS.incrementAndGet();
        JavaRDD<Tile> rdd = TileTasks.rdd(sc, spec, x, null, storage, grid, partitions, computed, fault, owner, nativeBudget, 0)
                .setName("tangent4j tiles of K(train, train), " + grid).persist(StorageLevel.MEMORY_AND_DISK());
        return new DistributedGram(sc, grid, storage, rdd, computed, fault, owner, nativeBudget);
    }

    /** The id of this matrix's native tile copies ({@link NativeTiles#release}). */
    long owner() {
        return owner;
    }

    /**
     * Tile computations so far (the accumulator of the tasks that succeeded): the stored tiles once, plus the tiles
     * Spark recomputed from the lineage for cached partitions that were lost (an executor lost, blocks evicted) or
     * whose task failed after computing them.
     */
    long computedTiles() {
        return computed.value();
    }

    TileGrid grid() {
        return grid;
    }

    /** The largest absolute rounding error of the storage precision over all tiles (0 for float64). */
    double roundingError() {
        return roundingError;
    }

    /** Bytes of all cached tile entries (over the cluster). */
    long tileBytes() {
        return tileBytes;
    }

    /** diag(K) from the diagonal tiles, [N] float64 (N doubles, brought to the driver with the tiles' computation). */
    INDArray diagonal() {
        return Nd4j.createFromArray(diagonal.clone());
    }

    /**
     * K V for a float64 [N, k] block V: V shared, one task per partition multiplying its cached tiles, the partials
     * summed on the driver as they arrive or, for many partitions, by Spark's tree reduction.
     */
    INDArray multiply(INDArray block) {
        INDArray v = Checks.matrix("block", block);
        Checks.rows("block", v, grid.rows(), "the number of rows of the matrix");
        int n = grid.rows();
        int k = (int) v.columns();
        SharedMatrix bv = SharedMatrix.of(sc, v);
        PartitionProduct product = new PartitionProduct(n, grid.tile(), k, bv, ++products, fault, owner, nativeBudget);
        try {
            BlockVector sum;
            int parts = tiles.getNumPartitions();
            if (direct(parts)) {
                BlockVector acc = new BlockVector();
                scala.Function2<Object, BlockVector, BoxedUnit> merge = (index, partial) -> {
                    acc.merge(partial); // Spark calls this for one task's result at a time
                    return BoxedUnit.UNIT;
                };
                sc.sc().runJob(tiles.rdd(), product, allPartitions(parts), merge, ClassTag$.MODULE$.apply(BlockVector.class));
                sum = acc;
            } else {
                sum = tiles.mapPartitions(it -> Collections.singletonList(product.apply(TaskContext.get(),
                        CollectionConverters.asScala(it))).iterator()).treeReduce(BlockVector::merge, TREE_DEPTH);
            }
            INDArray result = Nd4j.zeros(DataType.DOUBLE, n, k);
            for (var e : sum.blocks.entrySet()) {
                rowsOf(result, grid, e.getKey()).assign(HeapArrays.of(e.getValue(), grid.rowSize(e.getKey()), k));
            }
            return result;
        } finally {
            bv.destroy();
        }
    }

    /**
     * Whether Spark's tree reduction of {@code p} partials at depth {@link #TREE_DEPTH} would send all of them to the
     * driver anyway: it adds a level only when p &gt; s + ceil(p / s), s = max(ceil(p^(1 / depth)), 2). Then one job
     * whose results the driver sums as they arrive does the same with fewer RDDs and closures per product.
     */
    static boolean direct(int p) {
        int s = Math.max((int) Math.ceil(Math.pow(p, 1.0 / TREE_DEPTH)), 2);
        return p <= s + (p + s - 1) / s;
    }

    /** Partitions 0, ..., p - 1, for {@code SparkContext.runJob}. */
    static scala.collection.immutable.Seq<Object> allPartitions(int p) {
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            all.add(i);
        }
        return CollectionConverters.asScala(all).toSeq();
    }

    /**
     * One partition's part of K V: out[bi] += T V[bj] and, off the diagonal, out[bj] += T^T V[bi] for its tiles T, on
     * one BLAS thread (the partitions run concurrently, as the single machine's workers). A named class rather than a
     * lambda: Spark's closure cleaner reads the class file of every lambda it is given, at every job (tens of
     * milliseconds per product, measured).
     */
    static final class PartitionProduct extends AbstractFunction2<TaskContext, scala.collection.Iterator<Tile>, BlockVector>
            implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        private final int n;
        private final int side;
        private final int k;
        private final SharedMatrix v;
        private final int number;
        private final FaultInjection fault;
        private final long owner;
        private final long budget;

        PartitionProduct(int n, int side, int k, SharedMatrix v, int number, FaultInjection fault, long owner,
                         long budget) {
            this.n = n;
            this.side = side;
            this.k = k;
            this.v = v;
            this.number = number;
            this.fault = fault;
            this.owner = owner;
            this.budget = budget;
        }

        @Override
        public BlockVector apply(TaskContext tc, scala.collection.Iterator<Tile> it) {
            if (fault != null) {
                fault.checkProduct(number, tc.partitionId());
            }
            BlockVector partial = new BlockVector();
            if (!it.hasNext()) {
                return partial;
            }
            TileGrid g = new TileGrid(n, n, side, true);
            INDArray vv = v.array();
            java.util.Map<Integer, INDArray> out = new java.util.TreeMap<>();
            java.util.Map<Integer, INDArray> vBlocks = new java.util.HashMap<>();
            try (BlasThreads one = BlasThreads.single(); TileProduct product = new TileProduct()) {
                while (it.hasNext()) {
                    Tile t = it.next();
                    // the tile's native copy in this JVM, multiplied in place; beyond the budget, its entries in this
                    // thread's reused buffer
                    NativeTiles.Copy copy = budget > 0 ? NativeTiles.acquire(t, owner, budget) : null;
                    INDArray a = copy != null ? copy.array() : NativeTiles.scratch(t);
                    try {
                        INDArray vj = vBlocks.computeIfAbsent(t.bj, b -> rowsOf(vv, g, b).dup('c'));
                        boolean mirror = t.bi != t.bj;
                        INDArray vi = mirror ? vBlocks.computeIfAbsent(t.bi, b -> rowsOf(vv, g, b).dup('c')) : null;
                        product.accumulate(a, vj, block(out, g, t.bi, k), vi, mirror ? block(out, g, t.bj, k) : null);
                    } finally {
                        if (copy != null) {
                            copy.done();
                        }
                    }
                }
            }
            vBlocks.values().forEach(INDArray::close);
            for (var e : out.entrySet()) {
                partial.blocks.put(e.getKey(), HeapArrays.doubles(e.getValue()));
                e.getValue().close();
            }
            return partial;
        }
    }

    /**
     * The columns of this matrix as the preconditioner's column source, for float64 tiles: K[:, idx] read from the
     * cached tiles by one job (each task sends the entries of the chosen columns that its tiles hold, N |idx| numbers
     * in all), the diagonal and the pivots' own entries K[p, p] from {@code kernel} on the driver, as
     * {@link ColumnSource#of} computes them on one machine. Why the pivots' entries: a diagonal tile holds the kernel's
     * diagonal k(x, x) computed as such, the single machine's column source computes k(x_p, x_p) as a pair of distinct
     * rows (measured for the depth-2 ReLU NTK: 1.7e-8 relative apart on 44 of 64 pivots). Every other entry of the
     * tiles equalled the single machine's columns bit for bit at N = 8,000 (tiles of 2,048, 512,000 entries), and to
     * 1 ulp with tiles of 181 (BLAS rounds the dot products of differently shaped blocks apart): the single machine's
     * preconditioner, to rounding.
     *
     * @param x the training points, [N, d] float64 (the driver's copy)
     */
    ColumnSource columnSource(Kernel kernel, INDArray x) {
        if (storage != Storage.FLOAT64) {
            throw new IllegalStateException("columns read from " + storage + " tiles would be rounded: expected FLOAT64 tiles");
        }
        return new ColumnSource() {
            @Override
            public int size() {
                return grid.rows();
            }

            @Override
            public INDArray diagonal() {
                return kernel.diagonal(x).castTo(DataType.DOUBLE);
            }

            @Override
            public INDArray columns(int[] idx) {
                return DistributedGram.this.columns(idx, kernel, x);
            }
        };
    }

    /** K[:, idx] from the cached tiles, the pivots' entries K[idx[j], idx[j]] from the kernel (see {@link #columnSource}). */
    INDArray columns(int[] idx, Kernel kernel, INDArray x) {
        int n = grid.rows();
        int m = idx.length;
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {n, m}, 'c');
        java.nio.DoubleBuffer target = out.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
        scala.Function2<Object, ColumnPieces, BoxedUnit> write = (index, pieces) -> {
            for (ColumnPieces.Piece piece : pieces.pieces) {
                int r0 = grid.start(piece.rowBlock());
                int c = piece.columns().length;
                int rows = piece.values().length / Math.max(1, c);
                for (int r = 0; r < rows; r++) {
                    int base = (r0 + r) * m;
                    for (int q = 0; q < c; q++) {
                        target.put(base + piece.columns()[q], piece.values()[r * c + q]);
                    }
                }
            }
            return BoxedUnit.UNIT;
        };
        sc.sc().runJob(tiles.rdd(), new PartitionColumns(n, grid.tile(), idx), allPartitions(tiles.getNumPartitions()), write,
                ClassTag$.MODULE$.apply(ColumnPieces.class));
        INDArray chosen = Nd4j.create(DataType.DOUBLE, m, x.columns());
        for (int j = 0; j < m; j++) {
            chosen.putRow(j, x.getRow(idx[j]));
        }
        INDArray pivots = kernel.gram(chosen, chosen.dup()).castTo(DataType.DOUBLE);
        for (int j = 0; j < m; j++) {
            out.putScalar(idx[j], j, pivots.getDouble(j, j));
        }
        chosen.close();
        pivots.close();
        return out;
    }

    /** The entries of chosen columns that one partition's tiles hold: pieces [rows of a row block, some columns]. */
    static final class ColumnPieces implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Rows of {@code rowBlock} of the columns at positions {@code columns} of idx, row-major.
         */
        record Piece(int rowBlock, int[] columns, double[] values) implements java.io.Serializable {
        }

        final List<Piece> pieces = new ArrayList<>();
    }

    /**
     * A task: the entries of the chosen columns in its tiles. Column c of block b is held, for the rows of blocks
     * bi &lt;= b, by tile (bi, b) as its column c - start(b), and for the rows of blocks bi &gt; b by tile (b, bi) as its
     * row c - start(b): each entry of K[:, idx] in exactly one stored tile.
     */
    static final class PartitionColumns extends AbstractFunction2<TaskContext, scala.collection.Iterator<Tile>, ColumnPieces>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final int n;
        private final int side;
        private final int[] idx;

        PartitionColumns(int n, int side, int[] idx) {
            this.n = n;
            this.side = side;
            this.idx = idx;
        }

        /** The positions j with idx[j] in block b. */
        private int[] inBlock(TileGrid g, int b) {
            int lo = g.start(b);
            int hi = lo + g.rowSize(b);
            return java.util.stream.IntStream.range(0, idx.length).filter(j -> idx[j] >= lo && idx[j] < hi).toArray();
        }

        @Override
        public ColumnPieces apply(TaskContext tc, scala.collection.Iterator<Tile> it) {
            TileGrid g = new TileGrid(n, n, side, true);
            ColumnPieces out = new ColumnPieces();
            while (it.hasNext()) {
                Tile t = it.next();
                int[] asColumns = inBlock(g, t.bj); // chosen columns in the tile's column block: its columns
                if (asColumns.length > 0) {
                    int[] at = new int[asColumns.length];
                    for (int q = 0; q < at.length; q++) {
                        at[q] = idx[asColumns[q]] - g.start(t.bj);
                    }
                    double[] v = new double[t.rows * at.length];
                    for (int r = 0; r < t.rows; r++) {
                        for (int q = 0; q < at.length; q++) {
                            v[r * at.length + q] = t.entry(r, at[q]);
                        }
                    }
                    out.pieces.add(new ColumnPieces.Piece(t.bi, asColumns, v));
                }
                int[] asRows = t.bi == t.bj ? new int[0] : inBlock(g, t.bi); // chosen columns in its row block: its rows
                if (asRows.length > 0) {
                    double[] v = new double[t.cols * asRows.length];
                    for (int q = 0; q < asRows.length; q++) {
                        int row = idx[asRows[q]] - g.start(t.bi);
                        for (int c = 0; c < t.cols; c++) {
                            v[c * asRows.length + q] = t.entry(row, c);
                        }
                    }
                    out.pieces.add(new ColumnPieces.Piece(t.bj, asRows, v));
                }
            }
            return out;
        }
    }

    /** The [rows of block b, k] accumulator of a partition, created at zero on first use. */
    private static INDArray block(java.util.Map<Integer, INDArray> out, TileGrid g, int b, int k) {
        return out.computeIfAbsent(b, key -> Nd4j.zeros(DataType.DOUBLE, g.rowSize(key), k));
    }

    /** This matrix as the operator V -&gt; K V. */
    BlockOperator asOperator() {
        return new BlockOperator() {
            @Override
            public int size() {
                return grid.rows();
            }

            @Override
            public INDArray multiply(INDArray block) {
                return DistributedGram.this.multiply(block);
            }
        };
    }

    static INDArray rowsOf(INDArray m, TileGrid g, int block) {
        int r0 = g.start(block);
        return m.get(NDArrayIndex.interval(r0, r0 + Math.min(g.tile(), (int) m.rows() - r0)), NDArrayIndex.all());
    }

    @Override
    public void close() {
        tiles.unpersist(false);
        // the copies in this JVM now (local mode: the executors are this process); an executor of a cluster frees its
        // copies when its collector finds the dropped tiles unreachable
        NativeTiles.release(owner);
    }
}
