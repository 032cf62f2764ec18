package org.tangent4j.autodiff.training;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of training at one step, on the probe points. Immutable: the outputs ([M, k]) are copied on the way in
 * and on the way out.
 *
 * @param step t
 * @param outputs f_t(probes), [M, k]
 * @param kernelDrift |Theta_t - Theta_0|_F / |Theta_0|_F on the probes (traced tangent kernel)
 * @param maxWeightChange max_p |theta_t,p - theta_0,p|: how far the single most-moved parameter went
 * @param weightDistance |theta_t - theta_0|_2: how far the parameters moved in total
 */
public record Snapshot(int step, INDArray outputs, double kernelDrift, double maxWeightChange, double weightDistance) {

    public Snapshot {
        outputs = Objects.requireNonNull(outputs, "outputs").dup();
    }

    /** f_t(probes) (a copy). */
    @Override
    public INDArray outputs() {
        return outputs.dup();
    }
}
