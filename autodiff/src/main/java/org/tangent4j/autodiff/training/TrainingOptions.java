package org.tangent4j.autodiff.training;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;

/**
 * Settings of gradient descent on theta. Immutable: the probe points are copied on the way in and on the way out.
 *
 * @param learningRate eta &gt; 0
 * @param steps number of updates T &gt;= 0
 * @param batchSize 0 for full-batch gradient descent, else the mini-batch size of SGD (batches drawn without
 *     replacement per epoch from a generator seeded by {@code seed})
 * @param seed seed of the mini-batch order
 * @param l2 lambda &gt;= 0 of the penalty (lambda/2) |theta|^2 added to the cost
 * @param trackEvery record probe outputs, kernel drift and weight motion every m steps (and at the last step)
 * @param probes points [M, d] where outputs and the tangent kernel are tracked (null: the training points)
 * @param checkpointDir folder where a {@link Checkpoint} is kept up to date during training (null: none)
 * @param checkpointEvery save a checkpoint every c steps (and after the last one) when {@code checkpointDir} is set
 */
public record TrainingOptions(double learningRate, int steps, int batchSize, long seed, double l2, int trackEvery, INDArray probes,
        Path checkpointDir, int checkpointEvery) {

    public TrainingOptions {
        Checks.positive("learningRate", learningRate);
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + ": expected >= 0");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ": expected 0 (full batch) or a positive size");
        }
        Checks.nonNegative("l2", l2);
        Checks.positive("trackEvery", trackEvery);
        Checks.positive("checkpointEvery", checkpointEvery);
        probes = probes == null ? null : probes.dup();
    }

    /** The probe points [M, d] (a copy), or null for the training points. */
    @Override
    public INDArray probes() {
        return probes == null ? null : probes.dup();
    }

    /** Full-batch gradient descent, no penalty, tracking every 10 steps on the training points. */
    public static TrainingOptions fullBatch(double learningRate, int steps) {
        return new TrainingOptions(learningRate, steps, 0, 0, 0, 10, null, null, 100);
    }

    /** The same options with other probe points. */
    public TrainingOptions withProbes(INDArray p) {
        return new TrainingOptions(learningRate, steps, batchSize, seed, l2, trackEvery, p, checkpointDir, checkpointEvery);
    }

    /** The same options with another tracking interval. */
    public TrainingOptions withTrackEvery(int m) {
        return new TrainingOptions(learningRate, steps, batchSize, seed, l2, m, probes, checkpointDir, checkpointEvery);
    }

    /** The same options with an L2 penalty. */
    public TrainingOptions withL2(double lambda) {
        return new TrainingOptions(learningRate, steps, batchSize, seed, lambda, trackEvery, probes, checkpointDir, checkpointEvery);
    }

    /** The same options as mini-batch SGD. */
    public TrainingOptions withMiniBatches(int size, long batchSeed) {
        return new TrainingOptions(learningRate, steps, size, batchSeed, l2, trackEvery, probes, checkpointDir, checkpointEvery);
    }

    /** The same options with another number of steps (a resumed run's new total). */
    public TrainingOptions withSteps(int total) {
        return new TrainingOptions(learningRate, total, batchSize, seed, l2, trackEvery, probes, checkpointDir, checkpointEvery);
    }

    /** The same options, keeping a checkpoint in {@code dir} every {@code every} steps and after the last one. */
    public TrainingOptions withCheckpoints(Path dir, int every) {
        return new TrainingOptions(learningRate, steps, batchSize, seed, l2, trackEvery, probes, dir, every);
    }
}
