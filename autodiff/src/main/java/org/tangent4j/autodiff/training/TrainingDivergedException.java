package org.tangent4j.autodiff.training;

import org.tangent4j.core.failure.DivergenceException;

/**
 * Training stopped because the cost became NaN or infinite; the network was left with the last parameters whose
 * cost was finite. The message gives the step, the learning rate and the last finite cost.
 */
public final class TrainingDivergedException extends DivergenceException {

    private static final long serialVersionUID = 1L;

    TrainingDivergedException(int step, double learningRate, double lastFinite, double value) {
        super(step, "the cost became " + value + " at step " + step + " (learning rate " + learningRate + ", last finite cost "
                + lastFinite + "): training stopped and the parameters of step " + (step - 1)
                + " were kept; expected a smaller learning rate");
    }
}
