package org.tangent4j.core.failure;

/**
 * An iteration diverged: the objective of a gradient-descent run (functional, parameter-space or training) became NaN
 * or infinite. The message gives the step reached, the step size or learning rate, and the last finite value; the
 * remedy is a smaller step. Subclasses carry details (for example {@code autodiff.training.TrainingDivergedException}).
 */
public class DivergenceException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int step;

    /**
     * @param step the step at which the objective stopped being finite
     * @param message what diverged, with the values involved, and what to do
     */
    public DivergenceException(int step, String message) {
        super(message);
        this.step = step;
    }

    /** The step at which the objective stopped being finite. */
    public int step() {
        return step;
    }
}
