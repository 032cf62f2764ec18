package org.tangent4j.spark;

import java.util.Collections;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.solvers.BlockOperator;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.linalg.BlasThreads;
import org.tangent4j.core.tiles.TileProduct;

/**
 * The symmetric train-train Gram matrix K(X, X) as a cached Spark RDD of tiles: each task computes its share of the
 * tiles bi &lt;= bj ({@link TileTasks}) on the broadcast points, and Spark keeps them at
 * {@link StorageLevel#MEMORY_AND_DISK()}; a lost partition is recomputed
 * from its lineage (the same tasks, the same values). Products with blocks of vectors run where the tiles are:
 * <pre>
 * K V = sum over partitions p of  sum_{(bi, bj) in p} [ e_bi T V[bj] + (bi &lt; bj) e_bj T^T V[bi] ]
 * </pre>
 * with V broadcast, one partial per partition holding only the row blocks its tiles touch ({@link BlockVector}) and
 * a tree reduction (depth {@link #TREE_DEPTH}); the driver receives O(N k) per product, never a tile.
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
    private final LongAccumulator computed;
    private final FaultInjection fault;
    private int products;

    private DistributedGram(JavaSparkContext sc, TileGrid grid, Storage storage, JavaRDD<Tile> tiles, LongAccumulator computed,
                            FaultInjection fault) {
        this.sc = sc;
        this.grid = grid;
        this.storage = storage;
        this.tiles = tiles;
        this.computed = computed;
        this.fault = fault;
        this.roundingError = tiles.map(t -> t.roundingError).reduce(Math::max);
        this.tileBytes = tiles.map(Tile::bytes).reduce(Long::sum);
    }

    /**
     * Computes and caches the tiles of K(x, x) (side {@code tile}) in {@code partitions} tasks, each a contiguous run
     * of the tiles in row-major order.
     *
     * @param fault a test hook (tile tasks, product tasks, executors that fail once), or null
     */
    static DistributedGram compute(JavaSparkContext sc, KernelSpec spec, Broadcast<SharedPoints> x, Storage storage, int tile,
                                   int partitions, FaultInjection fault) {
        int n = x.value().rows();
        TileGrid grid = new TileGrid(n, n, tile, true);
        LongAccumulator computed = sc.sc().longAccumulator("tangent4j tiles computed");
        JavaRDD<Tile> rdd = TileTasks.rdd(sc, spec, x, null, storage, grid, partitions, computed, fault)
                .setName("tangent4j tiles of K(train, train), " + grid).persist(StorageLevel.MEMORY_AND_DISK());
        return new DistributedGram(sc, grid, storage, rdd, computed, fault);
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

    /** diag(K) from the diagonal tiles, [N] float64 (N doubles to the driver). */
    INDArray diagonal() {
        double[] d = new double[grid.rows()];
        for (scala.Tuple2<Integer, double[]> t : tiles.filter(t -> t.bi == t.bj).map(t -> new scala.Tuple2<>(t.bi, t.diagonal())).collect()) {
            System.arraycopy(t._2(), 0, d, grid.start(t._1()), t._2().length);
        }
        return Nd4j.createFromArray(d);
    }

    /** K V for a float64 [N, k] block V, by per-partition products over the cached tiles and a tree reduction. */
    INDArray multiply(INDArray block) {
        INDArray v = Checks.matrix("block", block);
        Checks.rows("block", v, grid.rows(), "the number of rows of the matrix");
        int n = grid.rows();
        int k = (int) v.columns();
        int side = grid.tile();
        Broadcast<SharedPoints> bv = sc.broadcast(new SharedPoints(v));
        int number = ++products;
        FaultInjection f = fault;
        try {
            BlockVector sum = tiles.mapPartitions(it -> {
                if (f != null) {
                    f.checkProduct(number, TaskContext.getPartitionId());
                }
                if (!it.hasNext()) {
                    return Collections.<BlockVector>emptyIterator();
                }
                TileGrid g = new TileGrid(n, n, side, true);
                INDArray vv = bv.value().array();
                java.util.Map<Integer, INDArray> out = new java.util.TreeMap<>();
                java.util.Map<Integer, INDArray> vBlocks = new java.util.HashMap<>();
                try (BlasThreads one = BlasThreads.single(); TileProduct product = new TileProduct()) {
                    while (it.hasNext()) {
                        Tile t = it.next();
                        INDArray a = t.toStored();
                        INDArray vj = vBlocks.computeIfAbsent(t.bj, b -> rowsOf(vv, g, b).dup('c'));
                        boolean mirror = t.bi != t.bj;
                        INDArray vi = mirror ? vBlocks.computeIfAbsent(t.bi, b -> rowsOf(vv, g, b).dup('c')) : null;
                        product.accumulate(a, vj, block(out, g, t.bi, k), vi, mirror ? block(out, g, t.bj, k) : null);
                        a.close();
                    }
                }
                vBlocks.values().forEach(INDArray::close);
                BlockVector partial = new BlockVector();
                for (var e : out.entrySet()) {
                    partial.blocks.put(e.getKey(), HeapArrays.doubles(e.getValue()));
                    e.getValue().close();
                }
                return Collections.singletonList(partial).iterator();
            }).treeReduce(BlockVector::merge, TREE_DEPTH);
            INDArray result = Nd4j.zeros(DataType.DOUBLE, n, k);
            for (var e : sum.blocks.entrySet()) {
                rowsOf(result, grid, e.getKey()).assign(HeapArrays.of(e.getValue(), grid.rowSize(e.getKey()), k));
            }
            return result;
        } finally {
            bv.destroy();
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
    }
}
