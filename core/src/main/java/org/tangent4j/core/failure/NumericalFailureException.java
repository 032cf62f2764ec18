package org.tangent4j.core.failure;

/**
 * A numerical routine could not deliver its result to its stated accuracy from valid input: a matrix that had to be
 * positive definite was not (even after the allowed jitter), an iteration or a LAPACK routine did not converge, a
 * quadrature or series could not reach its tolerance. The message names the quantity, the value or size involved and
 * what would help. Subclasses carry details (for example {@code core.linalg.NotPositiveDefiniteException}).
 */
public class NumericalFailureException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message} ("what failed, with which value: what to do"). */
    public NumericalFailureException(String message) {
        super(message);
    }
}
