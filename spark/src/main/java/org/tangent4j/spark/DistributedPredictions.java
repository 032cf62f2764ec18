package org.tangent4j.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.linalg.BlasThreads;
import org.tangent4j.core.tiles.TileProduct;
import org.tangent4j.core.tiles.TiledGram;
import scala.Tuple2;

/**
 * Test predictions f(X*) = K(X*, X) A on the executors: one task per group of test row blocks computes the tiles of
 * K(X*, X) of its rows with {@link TiledGram#compute} (through a {@link TaskTileStore}) and multiplies each at once,
 * out[bi] += T(bi, bj) A[bj] for bj = 0, 1, ... (the order of the single-machine
 * {@link org.tangent4j.core.tiles.TiledMatrix#multiply}, so the predictions are the same numbers); the tiles are not
 * kept, the driver receives the [N*, k] predictions.
 */
final class DistributedPredictions {

    /**
     * The predictions and the largest rounding error of the test tiles' storage precision.
     *
     * @param predictions [N*, k]
     * @param roundingError max |t - stored(t)| over the test tiles
     */
    record Result(INDArray predictions, double roundingError) {
    }

    private DistributedPredictions() {
    }

    static Result predict(JavaSparkContext sc, KernelSpec spec, SharedMatrix test, SharedMatrix train,
                          Storage storage, int tile, INDArray coefficients, int partitions) {
        int nt = test.rows();
        int n = train.rows();
        int k = (int) coefficients.columns();
        TileGrid grid = new TileGrid(nt, n, tile, false);
        List<Integer> rowBlocks = new ArrayList<>();
        for (int b = 0; b < grid.rowBlocks(); b++) {
            rowBlocks.add(b);
        }
        SharedMatrix a = SharedMatrix.of(sc, coefficients);
        try {
            int tasks = Math.max(1, Math.min(partitions, rowBlocks.size()));
            List<Tuple2<Integer, double[]>> parts = sc.parallelize(rowBlocks, tasks)
                    .mapPartitions(it -> {
                        TileGrid g = new TileGrid(nt, n, tile, false);
                        List<int[]> mine = new ArrayList<>();
                        Map<Integer, INDArray> out = new HashMap<>();
                        while (it.hasNext()) {
                            int bi = it.next();
                            out.put(bi, Nd4j.zeros(DataType.DOUBLE, g.rowSize(bi), k));
                            for (int bj = 0; bj < g.colBlocks(); bj++) {
                                mine.add(new int[] {bi, bj});
                            }
                        }
                        INDArray v = a.array();
                        double[] worst = {0};
                        Map<Integer, INDArray> vBlocks = new HashMap<>();
                        // several tasks run at once on one BLAS thread each; a single task (N* within one tile) keeps
                        // the BLAS threads for its kernel and products, as the single machine's loop does
                        try (BlasThreads one = tasks > 1 ? BlasThreads.single() : null; TileProduct product = new TileProduct()) {
                            // the single machine's product with each stored tile (TiledMatrix, TiledGram.multiply)
                            TaskTileStore store = new TaskTileStore(g, storage, mine, (bi, bj, stored, f64, e) -> {
                                product.accumulate(stored, vBlocks.computeIfAbsent(bj, c -> rowsOf(v, g, c).dup('c')), out.get(bi), null, null);
                                worst[0] = Math.max(worst[0], e);
                                return false;
                            });
                            TiledGram.compute(spec.kernel(), test.array(), train.array(), store, p -> { });
                        }
                        vBlocks.values().forEach(INDArray::close);
                        List<Tuple2<Integer, double[]>> res = new ArrayList<>();
                        for (var e : out.entrySet()) {
                            res.add(new Tuple2<>(e.getKey(), HeapArrays.doubles(e.getValue())));
                        }
                        res.add(new Tuple2<>(-1, worst));
                        return res.iterator();
                    }).collect();
            INDArray pred = Nd4j.create(DataType.DOUBLE, nt, k);
            double error = 0;
            for (Tuple2<Integer, double[]> p : parts) {
                if (p._1() < 0) {
                    error = Math.max(error, p._2()[0]);
                    continue;
                }
                rowsOf(pred, grid, p._1()).assign(HeapArrays.of(p._2(), grid.rowSize(p._1()), k));
            }
            return new Result(pred, error);
        } finally {
            a.destroy();
        }
    }

    private static INDArray rowsOf(INDArray m, TileGrid g, int block) {
        return DistributedGram.rowsOf(m, g, block);
    }
}
