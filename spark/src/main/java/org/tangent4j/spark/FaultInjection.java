package org.tangent4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Test hooks that make Spark's recovery paths run: each fault strikes on a task's first attempt
 * ({@link TaskContext#attemptNumber()} = 0), so that Spark's retry succeeds.
 *
 * @param faults what fails, and where
 */
record FaultInjection(List<Fault> faults) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What fails. */
    enum Kind {
        /** the task computing tile (i, j) of the training kernel throws */
        TILE_TASK_FAILS,
        /** the task of partition j in the i-th product K V (1, 2, ...) throws */
        PRODUCT_TASK_FAILS,
        /**
         * the executor JVM running the task of partition j in the i-th product exits at once (halt: no shutdown hook),
         * losing its cached tiles: what a crashed or preempted executor does
         */
        EXECUTOR_EXITS
    }

    /**
     * One fault.
     *
     * @param kind what fails
     * @param i the tile's row block, or the product's number (from 1)
     * @param j the tile's column block, or the product's partition
     */
    record Fault(Kind kind, int i, int j) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    FaultInjection {
        faults = List.copyOf(faults);
    }

    static FaultInjection of(Fault... faults) {
        return new FaultInjection(List.of(faults));
    }

    /** Throws when {@code tiles} holds a tile whose task fails and this is the task's first attempt. */
    void checkTiles(Iterable<int[]> tiles) {
        TaskContext tc = TaskContext.get();
        for (Fault f : faults) {
            for (int[] t : tiles) {
                if (f.kind == Kind.TILE_TASK_FAILS && t[0] == f.i && t[1] == f.j && tc != null && tc.attemptNumber() == 0) {
                    throw new IllegalStateException("injected failure of the task computing tile (" + f.i + ", " + f.j
                            + "), attempt " + tc.attemptNumber());
                }
            }
        }
    }

    /**
     * In the task of {@code partition} of product number {@code product}, on its first attempt: throws, or ends the
     * executor's JVM.
     *
     * @throws IllegalStateException the injected failure; or, for an executor exit asked in the driver's JVM (local
     *     mode), the refusal to end the driver
     */
    void checkProduct(int product, int partition) {
        TaskContext tc = TaskContext.get();
        for (Fault f : faults) {
            if (f.kind == Kind.TILE_TASK_FAILS || f.i != product || f.j != partition || tc == null || tc.attemptNumber() != 0) {
                continue;
            }
            if (f.kind == Kind.PRODUCT_TASK_FAILS) {
                throw new IllegalStateException("injected failure of the task of partition " + partition + " in product "
                        + product + ", attempt " + tc.attemptNumber());
            }
            String executor = SparkEnv.get().executorId();
            if ("driver".equals(executor)) { // Spark's SparkContext.DRIVER_IDENTIFIER
                throw new IllegalStateException("an executor exit was injected in product " + product + " but the task runs"
                        + " in the driver's JVM (local mode): expected a cluster (local-cluster, standalone, YARN, k8s)");
            }
            System.err.println("injected exit of executor " + executor + " in product " + product + ", partition " + partition);
            Runtime.getRuntime().halt(51);
        }
    }
}
