package org.tangent4j.core.functional;

import java.util.OptionalDouble;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/** ||f||^2 = &lt;f, f&gt;: ||f + h||^2 = ||f||^2 + &lt;2 f, h&gt; + ||h||^2, so grad = 2 f, Hessian 2 I. */
public record SquaredNorm() implements Functional {

    @Override
    public double value(RkhsFunction f) {
        return f.squaredNorm();
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        return f.times(2);
    }

    @Override
    public OptionalDouble smoothness(Kernel kernel) {
        return OptionalDouble.of(2);
    }
}
