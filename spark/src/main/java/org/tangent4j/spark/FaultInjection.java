package org.tangent4j.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * A test hook: the task that computes tile (bi, bj) of the training kernel fails on its first attempt
 * ({@link TaskContext#attemptNumber()} = 0), so that Spark's retry of a lost tile can be checked.
 *
 * @param bi row block of the tile whose task fails once
 * @param bj column block
 */
record FaultInjection(int bi, int bj) implements Serializable {

    /** Throws when {@code tiles} holds (bi, bj) and this is the task's first attempt. */
    void check(Iterable<int[]> tiles) {
        TaskContext tc = TaskContext.get();
        for (int[] t : tiles) {
            if (t[0] == bi && t[1] == bj && tc != null && tc.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the task computing tile (" + bi + ", " + bj
                        + "), attempt " + tc.attemptNumber());
            }
        }
    }
}
