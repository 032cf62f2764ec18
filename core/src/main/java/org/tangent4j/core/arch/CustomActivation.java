package org.tangent4j.core.arch;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A user's own activation given as two functions, sigma and sigma'. Enough for the infinite-width kernels
 * (by its Hermite series or quadrature); for a finite SameDiff network write the activation as a SameDiff expression instead.
 *
 * @param id a name for messages and file headers
 * @param function sigma
 * @param derivativeFunction sigma'
 */
public record CustomActivation(String id, DoubleUnaryOperator function, DoubleUnaryOperator derivativeFunction)
        implements Activation {

    public CustomActivation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(derivativeFunction, "derivativeFunction");
    }

    @Override
    public double value(double u) {
        return function.applyAsDouble(u);
    }

    @Override
    public double derivative(double u) {
        return derivativeFunction.applyAsDouble(u);
    }
}
