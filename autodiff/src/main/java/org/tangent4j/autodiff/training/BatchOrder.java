package org.tangent4j.autodiff.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rows each step of gradient descent uses: all of them (full batch), or mini-batches drawn without replacement,
 * epoch after epoch, from one permutation per epoch of a generator seeded once. The sequence depends only on
 * (n, batch size, seed), so a resumed run replays the first steps' draws and continues with the very batches an
 * uninterrupted run would have used.
 */
final class BatchOrder {

    private final int batchSize;
    private final SplittableRandom random;
    private final int[] perm;
    private int cursor;

    private BatchOrder(int n, int batchSize, long seed) {
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
        this.perm = new int[n];
        this.cursor = n;
    }

    /** The order for n rows under the options' batch size and seed. */
    static BatchOrder of(int n, TrainingOptions o) {
        return new BatchOrder(n, o.batchSize() == 0 || o.batchSize() >= n ? 0 : o.batchSize(), o.seed());
    }

    /** Whether every step uses all rows. */
    boolean fullBatch() {
        return batchSize == 0;
    }

    /** The rows of the next mini-batch (not for full batch). */
    int[] next() {
        if (cursor + batchSize > perm.length) {
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            for (int i = perm.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            cursor = 0;
        }
        int[] rows = Arrays.copyOfRange(perm, cursor, cursor + batchSize);
        cursor += batchSize;
        return rows;
    }

    /** Advances past the batches of {@code steps} steps already taken. */
    BatchOrder skip(int steps) {
        if (!fullBatch()) {
            for (int t = 0; t < steps; t++) {
                next();
            }
        }
        return this;
    }
}
