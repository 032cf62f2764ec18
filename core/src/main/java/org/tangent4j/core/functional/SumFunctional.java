package org.tangent4j.core.functional;

import java.util.Objects;
import java.util.OptionalDouble;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/** (L + M)(f) = L(f) + M(f); grad = grad L + grad M; curvature bound = sum of the bounds. */
public record SumFunctional(Functional first, Functional second) implements Functional {

    public SumFunctional {
        Objects.requireNonNull(first, "first = null: expected a Functional");
        Objects.requireNonNull(second, "other = null: expected a Functional to add");
    }

    @Override
    public double value(RkhsFunction f) {
        return first.value(f) + second.value(f);
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        return first.gradient(f).plus(second.gradient(f)).merged();
    }

    @Override
    public OptionalDouble curvatureBound(Kernel kernel) {
        OptionalDouble a = first.curvatureBound(kernel);
        OptionalDouble b = second.curvatureBound(kernel);
        return a.isPresent() && b.isPresent() ? OptionalDouble.of(a.getAsDouble() + b.getAsDouble()) : OptionalDouble.empty();
    }
}
