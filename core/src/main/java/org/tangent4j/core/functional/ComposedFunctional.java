package org.tangent4j.core.functional;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.tangent4j.core.rkhs.RkhsFunction;

/** The chain rule: (g o L)(f) = g(L(f)), grad (g o L)(f) = g'(L(f)) grad L(f). No curvature bound is claimed. */
public record ComposedFunctional(Functional inner, DoubleUnaryOperator g, DoubleUnaryOperator derivative) implements Functional {

    public ComposedFunctional {
        Objects.requireNonNull(inner, "inner = null: expected a Functional");
        Objects.requireNonNull(g, "g = null: expected a scalar function g");
        Objects.requireNonNull(derivative, "derivative = null: expected g'");
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
