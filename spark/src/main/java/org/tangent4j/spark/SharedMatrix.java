package org.tangent4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float64 [rows, cols] matrix that every task of a job reads (the points, the coefficients, a block of CG
 * directions), as a small serializable handle in the tasks' closures. On a cluster it is a Spark broadcast of the
 * values ({@link SharedPoints}: one native copy per executor JVM). In local mode the tasks run in the driver's JVM,
 * so the handle is a token for the driver's own array: a broadcast there would serialize the values and compress
 * them into pieces that no other JVM ever reads (measured: 0.2 to 0.4 s and 60 to 130 MB of fresh heap for the
 * 8,000 x 784 training points, on a VM where fresh memory is dear). Both forms give the tasks the same values; the
 * matrix must not change until {@link #destroy}.
 */
final class SharedMatrix implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final Map<Long, INDArray> IN_PROCESS = new ConcurrentHashMap<>();

    private final Broadcast<SharedPoints> broadcast;
    private final long token;
    private final int rows;
    private final int cols;

    private SharedMatrix(Broadcast<SharedPoints> broadcast, long token, int rows, int cols) {
        this.broadcast = broadcast;
        this.token = token;
        this.rows = rows;
        this.cols = cols;
    }

    /** {@code m} for the tasks of {@code sc}: in this JVM's memory in local mode, else broadcast. */
    static SharedMatrix of(JavaSparkContext sc, INDArray m) {
        return sc.isLocal() ? inProcess(m) : broadcast(sc, m);
    }

    /** {@code m} as a Spark broadcast (what a cluster gets; any master). */
    static SharedMatrix broadcast(JavaSparkContext sc, INDArray m) {
        SharedPoints p = new SharedPoints(matrix(m));
        return new SharedMatrix(sc.broadcast(p), 0, p.rows(), p.cols());
    }

    /**
     * {@code m} for tasks running in this JVM: m itself if it is a row-major float64 array of its own that no other
     * handle shares, else a row-major float64 copy (two handles of one array, e.g. the same points as training and
     * test set, would look like one point set to the kernels, whose symmetric path is taken for x2 == x1).
     */
    static SharedMatrix inProcess(INDArray m) {
        INDArray d = HeapArrays.dense(matrix(m).castTo(DataType.DOUBLE), DataType.DOUBLE);
        for (INDArray shared : IN_PROCESS.values()) {
            if (shared == d) { // identity, not INDArray.equals (which compares values)
                d = d.dup('c');
                break;
            }
        }
        long token = TOKENS.incrementAndGet();
        IN_PROCESS.put(token, d);
        return new SharedMatrix(null, token, (int) d.rows(), (int) d.columns());
    }

    private static INDArray matrix(INDArray m) {
        if (m.rank() != 2) {
            throw new IllegalArgumentException("shared matrix of shape " + java.util.Arrays.toString(m.shape())
                    + ": expected a matrix [rows, cols]");
        }
        return m;
    }

    /** The matrix, float64 row-major (shared by the tasks: do not modify it). */
    INDArray array() {
        if (broadcast != null) {
            return broadcast.value().array();
        }
        INDArray a = IN_PROCESS.get(token);
        if (a == null) {
            throw new IllegalStateException("shared matrix " + token + " [" + rows + ", " + cols + "] is not in this JVM:"
                    + " it was destroyed, or a task of a local-mode context runs in another JVM");
        }
        return a;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** Whether the tasks read the driver's array in its JVM (local mode) rather than a broadcast. */
    boolean inProcess() {
        return broadcast == null;
    }

    /** Releases the broadcast's copies, or this JVM's reference (the driver's array itself stays the caller's). */
    void destroy() {
        if (broadcast != null) {
            broadcast.destroy();
        } else {
            IN_PROCESS.remove(token);
        }
    }
}
