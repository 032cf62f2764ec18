package org.tangent4j.core.functional;

import java.util.Objects;
import java.util.OptionalDouble;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/** (s L)(f) = s L(f); grad = s grad L; curvature bound |s| times L's. */
public record ScaledFunctional(Functional inner, double scale) implements Functional {

    public ScaledFunctional {
        Objects.requireNonNull(inner, "inner = null: expected a Functional to scale");
        Checks.finite("s", scale);
    }

    @Override
    public double value(RkhsFunction f) {
        return scale * inner.value(f);
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        return inner.gradient(f).times(scale);
    }

    @Override
    public OptionalDouble curvatureBound(Kernel kernel) {
        OptionalDouble b = inner.curvatureBound(kernel);
        return b.isPresent() ? OptionalDouble.of(Math.abs(scale) * b.getAsDouble()) : b;
    }
}
