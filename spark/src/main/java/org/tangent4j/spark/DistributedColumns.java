package org.tangent4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.solvers.ColumnSource;
import org.tangent4j.core.tiles.TileGrid;
import scala.Tuple2;

/**
 * Columns K[:, idx] of the training Gram matrix for the pivoted-Cholesky preconditioner, computed on the executors
 * by row blocks: block b of the result is {@code kernel.gram(x[rows of b], x[idx])}, the chosen points broadcast; the
 * driver receives the [N, |idx|] columns (which become the preconditioner's factor). The diagonal k(x_i, x_i) is
 * computed on the driver, O(N d), as {@link ColumnSource#of} does on one machine.
 */
final class DistributedColumns implements ColumnSource {

    private final JavaSparkContext sc;
    private final KernelSpec spec;
    private final Broadcast<SharedPoints> x;
    private final INDArray local;
    private final int tile;
    private final JavaRDD<Integer> blocks;

    DistributedColumns(JavaSparkContext sc, KernelSpec spec, Broadcast<SharedPoints> x, INDArray local, int tile, int partitions) {
        this.sc = sc;
        this.spec = spec;
        this.x = x;
        this.local = local;
        this.tile = tile;
        TileGrid g = new TileGrid((int) local.rows(), (int) local.rows(), tile, true);
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < g.rowBlocks(); i++) {
            b.add(i);
        }
        this.blocks = sc.parallelize(b, Math.max(1, Math.min(partitions, b.size())));
    }

    @Override
    public int size() {
        return (int) local.rows();
    }

    @Override
    public INDArray diagonal() {
        return spec.kernel().diagonal(local).castTo(DataType.DOUBLE);
    }

    @Override
    public INDArray columns(int[] idx) {
        int n = size();
        INDArray chosen = Nd4j.create(DataType.DOUBLE, idx.length, local.columns());
        for (int j = 0; j < idx.length; j++) {
            chosen.putRow(j, local.getRow(idx[j]));
        }
        Broadcast<SharedPoints> c = sc.broadcast(new SharedPoints(chosen));
        int side = tile;
        KernelSpec kernel = spec; // locals: the task must not capture this (the Spark context is not serializable)
        Broadcast<SharedPoints> points = x;
        try {
            List<Tuple2<Integer, double[]>> parts = blocks.map(b -> {
                INDArray pts = points.value().array();
                int r0 = b * side;
                INDArray rows = pts.get(NDArrayIndex.interval(r0, Math.min(n, r0 + side)), NDArrayIndex.all()).dup('c');
                INDArray k = kernel.kernel().gram(rows, c.value().array()).castTo(DataType.DOUBLE).dup('c');
                return new Tuple2<>(b, HeapArrays.doubles(k));
            }).collect();
            INDArray out = Nd4j.create(DataType.DOUBLE, n, idx.length);
            for (Tuple2<Integer, double[]> p : parts) {
                int r0 = p._1() * side;
                int r = p._2().length / idx.length;
                out.get(NDArrayIndex.interval(r0, r0 + r), NDArrayIndex.all())
                        .assign(HeapArrays.of(p._2(), r, idx.length));
            }
            return out;
        } finally {
            c.destroy();
        }
    }
}
