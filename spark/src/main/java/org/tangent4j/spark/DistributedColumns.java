package org.tangent4j.spark;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.solvers.ColumnSource;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Columns K[:, idx] of the training Gram matrix for the pivoted-Cholesky preconditioner, computed on the executors
 * by runs of rows: run [r0, r0 + r) of the result is {@code kernel.gram(x[r0 .. r0 + r), x[idx])}, the chosen points
 * shared ({@link SharedMatrix}); the driver writes each run into the [N, |idx|] columns (which become the
 * preconditioner's factor) as it arrives. The runs are short enough that each task's result travels with its status
 * message (Spark's {@code spark.task.maxDirectResultSize}), not through the block manager, and there are a multiple
 * of the default parallelism of them. The diagonal k(x_i, x_i) is computed on the driver, O(N d), as
 * {@link ColumnSource#of} does on one machine.
 */
final class DistributedColumns implements ColumnSource {

    /** Bytes of a task result kept for Spark's own part of it (task metrics, accumulators) beyond the columns. */
    static final long RESULT_MARGIN = 64 << 10;

    private final JavaSparkContext sc;
    private final KernelSpec spec;
    private final SharedMatrix x;
    private final INDArray local;
    private final int tile;
    private final int partitions;

    /**
     * @param tile the longest run of rows per task
     * @param partitions the most tasks per request
     */
    DistributedColumns(JavaSparkContext sc, KernelSpec spec, SharedMatrix x, INDArray local, int tile, int partitions) {
        this.sc = sc;
        this.spec = spec;
        this.x = x;
        this.local = local;
        this.tile = tile;
        this.partitions = partitions;
    }

    @Override
    public int size() {
        return (int) local.rows();
    }

    @Override
    public INDArray diagonal() {
        return spec.kernel().diagonal(local).castTo(DataType.DOUBLE);
    }

    /**
     * The number of runs of rows for m columns of n rows: min(partitions, ceil(n / tile)) (one per row block, at most
     * {@code partitions}), unless runs that short would not fit a task result of {@code directBytes}; then enough runs
     * to fit (each at most a tile), rounded up to a multiple of {@code parallelism}.
     */
    static int runs(int n, int m, int tile, int partitions, int parallelism, long directBytes) {
        long maxRows = Math.max(1, Math.min(tile, (directBytes - RESULT_MARGIN) / (8L * Math.max(1, m))));
        long base = Math.max(1, Math.min(partitions, (n + tile - 1L) / tile));
        long runs = Math.max(base, (n + maxRows - 1) / maxRows);
        if (runs > base) {
            runs = (runs + parallelism - 1) / parallelism * parallelism;
        }
        return (int) Math.max(1, Math.min(runs, n));
    }

    @Override
    public INDArray columns(int[] idx) {
        int n = size();
        int m = idx.length;
        INDArray chosen = Nd4j.create(DataType.DOUBLE, m, local.columns());
        for (int j = 0; j < m; j++) {
            chosen.putRow(j, local.getRow(idx[j]));
        }
        SharedMatrix c = SharedMatrix.of(sc, chosen);
        long direct = Math.min(sc.getConf().getSizeAsBytes("spark.task.maxDirectResultSize", "1m"),
                sc.getConf().getSizeAsMb("spark.rpc.message.maxSize", "128") << 20);
        int runs = runs(n, m, tile, partitions, sc.defaultParallelism(), direct);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            starts.add((int) ((long) i * n / runs));
        }
        RDD<Integer> rdd = sc.parallelize(starts, runs).rdd();
        try {
            INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {n, m}, 'c');
            java.nio.DoubleBuffer target = out.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            scala.Function2<Object, Run, BoxedUnit> write = (index, run) -> {
                target.position(run.start * m).put(run.values); // rows [start, start + r) of the row-major [n, m]
                return BoxedUnit.UNIT;
            };
            sc.sc().runJob(rdd, new Compute(spec, x, c, n, runs), DistributedGram.allPartitions(runs), write,
                    ClassTag$.MODULE$.apply(Run.class));
            return out;
        } finally {
            c.destroy();
        }
    }

    /** The columns of rows [start, start + values.length / m), row-major. */
    record Run(int start, double[] values) implements java.io.Serializable {
    }

    /** A task: the kernel of its run of rows against the chosen points (a named class: see DistributedGram). */
    static final class Compute extends AbstractFunction2<TaskContext, scala.collection.Iterator<Integer>, Run>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final KernelSpec spec;
        private final SharedMatrix points;
        private final SharedMatrix chosen;
        private final int n;
        private final int runs;

        Compute(KernelSpec spec, SharedMatrix points, SharedMatrix chosen, int n, int runs) {
            this.spec = spec;
            this.points = points;
            this.chosen = chosen;
            this.n = n;
            this.runs = runs;
        }

        @Override
        public Run apply(TaskContext tc, scala.collection.Iterator<Integer> it) {
            int r0 = it.next();
            int p = tc.partitionId();
            int r1 = (int) ((long) (p + 1) * n / runs);
            INDArray rows = points.array().get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()).dup('c');
            INDArray k = spec.kernel().gram(rows, chosen.array()).castTo(DataType.DOUBLE);
            double[] v = HeapArrays.doubles(k);
            k.close();
            rows.close();
            return new Run(r0, v);
        }
    }
}
