package org.tangent4j.core.functional;

import java.util.OptionalDouble;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * ||f||^2 = &lt;f, f&gt; = beta^T K(X_f, X_f) beta: ||f + h||^2 = ||f||^2 + &lt;2 f, h&gt; + ||h||^2, so grad = 2 f and
 * the Hessian is 2 I. K(X_f, X_f) is kept between calls on the same centres ({@link GramCache}).
 */
public final class SquaredNorm implements Functional {

    private final GramCache cache = new GramCache();

    @Override
    public double value(RkhsFunction f) {
        var beta = f.coefficients().reshape(f.size(), 1);
        return beta.transpose().mmul(cache.gram(null, f).mmul(beta)).getDouble(0);
    }

    @Override
    public RkhsFunction gradient(RkhsFunction f) {
        return f.times(2);
    }

    @Override
    public OptionalDouble curvatureBound(Kernel kernel) {
        return OptionalDouble.of(2);
    }

    @Override
    public String toString() {
        return "SquaredNorm";
    }
}
