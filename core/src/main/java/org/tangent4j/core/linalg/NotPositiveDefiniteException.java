package org.tangent4j.core.linalg;

import org.tangent4j.core.failure.NumericalFailureException;

/**
 * A matrix that had to be positive definite was not, even after the allowed jitter. The message names the
 * argument, its size, the order of the first leading minor that failed and every jitter tried. A numerical failure in
 * the sense of the error policy ({@link NumericalFailureException}).
 */
public final class NotPositiveDefiniteException extends NumericalFailureException {

    private static final long serialVersionUID = 1L;

    private final String argument;
    private final int failedMinor;

    NotPositiveDefiniteException(String argument, long size, int failedMinor, String jitterTried) {
        super(argument + " (" + size + " x " + size + ") is not positive definite: the leading minor of order "
                + failedMinor + " is not positive (jitter tried: " + jitterTried
                + "); expected a symmetric positive-definite matrix (check for duplicate points or allow more jitter)");
        this.argument = argument;
        this.failedMinor = failedMinor;
    }

    /** The name of the argument that was not positive definite. */
    public String argument() {
        return argument;
    }

    /** The order (1-based) of the first leading minor that was not positive. */
    public int failedMinor() {
        return failedMinor;
    }
}
