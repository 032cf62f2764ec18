package org.tangent4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.tiles.MemoryTileStore;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.tiles.TiledGram;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The Spark tasks that compute the stored tiles of K(x1, x2) (x2 absent: the symmetric K(x1, x1), tiles bi &lt;= bj):
 * the tiles in row-major order are cut into contiguous runs, one task per run, and each task calls the single-machine
 * {@link TiledGram#compute} for exactly its tiles (through a {@link TaskTileStore}). Two ways to use them: an RDD of
 * the tiles (cached by {@link DistributedGram}), or the tiles written into a store on the driver as each task's result
 * arrives ({@link #toDriver}).
 */
final class TileTasks {

    private TileTasks() {
    }

    /**
     * The stored tiles of {@code grid} in row-major order, in {@code partitions} contiguous runs (at most one per tile)
     * of about equal work: a run ends at the tile where the work of the runs so far comes closest to i / p of the
     * whole. The work of a tile is what a product K V does with it, its entries times the products it takes part in
     * (two off the diagonal of a symmetric matrix: T V and T^T V), which is also about what its computation takes.
     * Equal numbers of tiles can be far apart in work (diagonal tiles take one product, the last row and column
     * blocks are narrower); contiguous runs keep each partition's partial product to the few row blocks its tiles
     * touch.
     */
    static List<List<int[]>> runs(TileGrid grid, int partitions) {
        List<int[]> keys = grid.storedKeys();
        int t = keys.size();
        int p = Math.max(1, Math.min(partitions, t));
        long[] cumulative = new long[t + 1];
        for (int i = 0; i < t; i++) {
            int[] k = keys.get(i);
            boolean mirror = grid.symmetric() && k[0] != k[1];
            cumulative[i + 1] = cumulative[i] + (long) grid.rowSize(k[0]) * grid.colSize(k[1]) * (mirror ? 2 : 1);
        }
        List<List<int[]>> runs = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= p; i++) {
            int to = t;
            if (i < p) {
                double target = (double) cumulative[t] * i / p;
                to = from + 1; // at least one tile per run, and one left for each run after this one
                for (int c = from + 2; c <= t - (p - i); c++) {
                    if (Math.abs(cumulative[c] - target) < Math.abs(cumulative[to] - target)) {
                        to = c;
                    }
                }
            }
            runs.add(new ArrayList<>(keys.subList(from, to)));
            from = to;
        }
        return runs;
    }

    /**
     * The RDD of the tiles: partition i computes run i.
     *
     * @param x2 the second point set, or null for the symmetric K(x1, x1)
     * @param computed counts the tiles computed by tasks that succeed (recomputations included)
     * @param fault a test hook, or null
     */
    static JavaRDD<Tile> rdd(JavaSparkContext sc, KernelSpec spec, SharedMatrix x1, SharedMatrix x2,
                             Storage storage, TileGrid grid, int partitions, LongAccumulator computed, FaultInjection fault) {
        return rdd(sc, spec, x1, x2, storage, grid, partitions, computed, fault, -1, 0, 0);
    }

    /**
     * As {@link #rdd(JavaSparkContext, KernelSpec, SharedMatrix, SharedMatrix, Storage, TileGrid, int, LongAccumulator,
     * FaultInjection)}, each task keeping its tiles' native arrays as their {@link NativeTiles} copies of {@code owner}
     * while they fit {@code nativeBudget} bytes in the task's JVM (0: none kept); or, when {@code handoff} is a
     * {@link LocalHandoff} open in the task's JVM, leaving each tile's native array there and yielding its marker.
     */
    static JavaRDD<Tile> rdd(JavaSparkContext sc, KernelSpec spec, SharedMatrix x1, SharedMatrix x2,
                             Storage storage, TileGrid grid, int partitions, LongAccumulator computed, FaultInjection fault,
                             long owner, long nativeBudget, long handoff) {
        List<List<int[]>> runs = runs(grid, partitions);
        int n1 = grid.rows();
        int n2 = grid.cols();
        int tile = grid.tile();
        boolean symmetric = grid.symmetric();
        return sc.parallelize(runs, runs.size()).flatMap(run -> {
            if (fault != null) {
                fault.checkTiles(run);
            }
            TileGrid g = new TileGrid(n1, n2, tile, symmetric); // TileGrid is not serializable: rebuilt in the task
            List<Tile> out = new ArrayList<>();
            TaskTileStore store = new TaskTileStore(g, storage, run, (bi, bj, stored, f64, e) -> {
                if (handoff != 0 && LocalHandoff.leave(handoff, bi, bj, stored)) {
                    out.add(Tile.handedOver(bi, bj, stored, e));
                    return true;
                }
                Tile t = new Tile(bi, bj, stored, e);
                out.add(t);
                return nativeBudget > 0 && NativeTiles.keep(t, stored, owner, nativeBudget);
            });
            TiledGram.compute(spec.kernel(), x1.array(), x2 == null ? null : x2.array(), store, p -> { });
            if (computed != null) {
                computed.add(out.size());
            }
            return out.iterator();
        });
    }

    /**
     * The tiles in a {@link MemoryTileStore} on the driver, each task's tiles written as its result arrives (Spark's
     * job result handler), nothing cached by Spark: for a matrix the driver holds anyway. The driver holds the store
     * and the results of the tasks not yet written. The tasks run in jobs of consecutive runs whose results add up to
     * at most half of {@code spark.driver.maxResultSize} (one job when that limit is 0, i.e. none). In local mode the
     * tasks run in the driver's JVM: they leave their tiles' native arrays in a {@link LocalHandoff} and their results
     * carry markers, so a tile is not serialized, copied through Spark's result and deserialized on its way.
     *
     * @param x2 the second point set, or null for the symmetric K(x1, x1)
     * @return the store, the largest rounding error of the storage precision in any tile (0 for float64) and the
     *     tiles handed over within the JVM
     */
    static Collected toDriver(JavaSparkContext sc, KernelSpec spec, SharedMatrix x1, SharedMatrix x2,
                              Storage storage, TileGrid grid, int partitions, FaultInjection fault) {
        // local mode: the tasks run in this JVM and leave their tiles' native arrays here
        long handoff = sc.isLocal() ? LocalHandoff.open() : 0;
        try {
            return toDriver(sc, spec, x1, x2, storage, grid, partitions, fault, handoff);
        } finally {
            if (handoff != 0) {
                LocalHandoff.close(handoff);
            }
        }
    }

    private static Collected toDriver(JavaSparkContext sc, KernelSpec spec, SharedMatrix x1, SharedMatrix x2,
                                      Storage storage, TileGrid grid, int partitions, FaultInjection fault, long handoff) {
        JavaRDD<Tile> tiles = rdd(sc, spec, x1, x2, storage, grid, partitions, null, fault, -1, 0, handoff);
        List<List<int[]>> runs = runs(grid, partitions);
        MemoryTileStore store = new MemoryTileStore(grid, storage);
        double[] worst = {0};
        int[] handed = {0};
        long limit = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
        ClassTag<List<Tile>> tag = ClassTag$.MODULE$.apply(List.class);
        int first = 0;
        while (first < runs.size()) {
            List<Object> job = new ArrayList<>();
            long bytes = 0;
            for (int i = first; i < runs.size(); i++) {
                long b = 0;
                for (int[] t : runs.get(i)) {
                    b += (long) grid.rowSize(t[0]) * grid.colSize(t[1]) * storage.bytes();
                }
                if (!job.isEmpty() && limit > 0 && bytes + b > limit / 2) {
                    break;
                }
                job.add(i);
                bytes += b;
            }
            scala.Function2<TaskContext, scala.collection.Iterator<Tile>, List<Tile>> fetch
                    = (scala.Function2<TaskContext, scala.collection.Iterator<Tile>, List<Tile>> & java.io.Serializable) (tc, it) -> {
                        List<Tile> out = new ArrayList<>();
                        while (it.hasNext()) {
                            out.add(it.next());
                        }
                        return out;
                    };
            scala.Function2<Object, List<Tile>, BoxedUnit> write = (index, result) -> {
                // on the driver, one task's result at a time: rounded already (a serialized tile's stored values round to themselves)
                for (Tile t : result) {
                    if (t.handedOver()) {
                        // the task's stored tile itself, rounded there: the store takes it without a copy
                        store.adopt(t.bi, t.bj, LocalHandoff.take(handoff, t.bi, t.bj), t.roundingError);
                        handed[0]++;
                    } else {
                        INDArray a = t.toFloat64();
                        store.write(t.bi, t.bj, a);
                        a.close();
                    }
                    worst[0] = Math.max(worst[0], t.roundingError);
                }
                return BoxedUnit.UNIT;
            };
            sc.sc().runJob(tiles.rdd(), fetch, CollectionConverters.asScala(job).toSeq(), write, tag);
            first += job.size();
        }
        return new Collected(store, worst[0], handed[0]);
    }

    /**
     * Tiles collected on the driver.
     *
     * @param store the tiles
     * @param roundingError max |t - stored(t)| over the tiles, as the tasks measured it
     * @param handedOver the tiles the tasks left in the driver's JVM ({@link LocalHandoff}: local mode) rather than
     *     sent as task results
     */
    record Collected(MemoryTileStore store, double roundingError, int handedOver) {
    }
}
