package org.tangent4j.autodiff.training;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a training run did: the cost before each step and after the last, and the snapshots taken every m steps.
 *
 * @param loss C(f_t) + (lambda/2)|theta_t|^2 for t = first step .. last step (length T + 1)
 * @param snapshots tracked states, step 0 (or the resumed step) first
 * @param firstStep the step the run started from (0, or a resumed checkpoint's step)
 * @param initialParameters theta at the first step
 */
public record TrainingRecord(double[] loss, List<Snapshot> snapshots, int firstStep, INDArray initialParameters) {

    public TrainingRecord {
        loss = loss.clone();
        snapshots = List.copyOf(snapshots);
    }

    @Override
    public double[] loss() {
        return loss.clone();
    }

    /** The last snapshot. */
    public Snapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }
}
