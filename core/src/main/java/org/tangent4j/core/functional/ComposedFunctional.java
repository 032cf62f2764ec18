package org.tangent4j.core.functional;

import java.util.function.DoubleUnaryOperator;
import org.tangent4j.core.rkhs.RkhsFunction;

/** The chain rule: (g o L)(f) = g(L(f)), grad (g o L)(f) = g'(L(f)) grad L(f). No smoothness bound is claimed. */
public record ComposedFunctional(Functional inner, DoubleUnaryOperator g, DoubleUnaryOperator derivative) implements Functional {

    public ComposedFunctional {
        if (inner == null || g == null || derivative == null) {
            throw new IllegalArgumentException("g = " + g + ", derivative = " + derivative + ": expected g and g' (and an inner functional)");
        }
    }

    @Override
    public double value(RkhsFunction f) {
        return g.applyAsDouble(inner.value(f));
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        return inner.gradient(f).times(derivative.applyAsDouble(inner.value(f)));
    }
}
