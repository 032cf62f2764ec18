package org.tangent4j.autodiff.training;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a training run did, from step 0 (a resumed run's record includes the steps before the checkpoint): the cost
 * before each step and after the last, and the snapshots taken every m steps. Immutable: the arrays are copied on the
 * way in and on the way out (theta_0 is one vector of P doubles; a record is made once per run).
 *
 * @param loss C(f_t) + (lambda/2)|theta_t|^2 for t = 0 .. T (length T + 1)
 * @param snapshots tracked states, step 0 first
 * @param initialParameters theta_0
 */
public record TrainingRecord(double[] loss, List<Snapshot> snapshots, INDArray initialParameters) {

    public TrainingRecord {
        loss = Objects.requireNonNull(loss, "loss").clone();
        snapshots = List.copyOf(snapshots);
        initialParameters = Objects.requireNonNull(initialParameters, "initialParameters").dup();
    }

    @Override
    public double[] loss() {
        return loss.clone();
    }

    /** theta_0 (a copy). */
    @Override
    public INDArray initialParameters() {
        return initialParameters.dup();
    }

    /** The last snapshot. */
    public Snapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }
}
