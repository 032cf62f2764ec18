package org.tangent4j.autodiff.cost;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tangent4j.core.check.Checks;

/**
 * The built-in cost functionals, each normalised by the number of points N (so that the dual is N dC/df). The
 * pointwise ones are the mean over points (and sum over outputs) of core's {@code PointwiseLoss} of the same name,
 * one convention for the whole project: C = (1/N) sum_i sum_a c(f_a(x_i), y_ia) with c = (p - y)^2 / 2 (squared),
 * softplus(p) - y p with y in {0, 1} (logistic), or Huber; the dual is then d_ia = c'(f_a(x_i), y_ia) and the
 * curvature bound sup c''. (core's {@code EmpiricalCost} is the sum sum_i c(f(x_i), y_i), without 1/N, the form of
 * the RKHS functionals.)
 * <pre>
 * squared          C = 1/(2N) sum_i |f(x_i) - y_i|^2                         dual d = f - y
 * softmax CE       C = -(1/N) sum_i y_i . log softmax(f(x_i))  (y one-hot or probabilities)   d = softmax(f) - y
 * logistic         C = (1/N) sum_i softplus(f) - y f   (y in {0, 1})         d = sigmoid(f) - y
 * Huber(delta)     C = (1/N) sum_i h(f - y), h(r) = r^2/2 (|r| &lt;= delta), delta (|r| - delta/2) otherwise
 * </pre>
 */
public final class Costs {

    private Costs() {
    }

    /** A built-in cost: its expression and its curvature bound (see {@link CostFunctional#curvatureBound()}). */
    private record Builtin(String name, double curvature, CostFunctional expression) implements CostFunctional {
        @Override
        public SDVariable define(org.nd4j.autodiff.samediff.SameDiff sd, SDVariable f, SDVariable y) {
            return expression.define(sd, f, y);
        }

        @Override
        public java.util.OptionalDouble curvatureBound() {
            return java.util.OptionalDouble.of(curvature);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** C = 1/(2N) sum |f - y|^2. */
    public static CostFunctional squared() {
        return new Builtin("squared", 1, (sd, f, y) -> {
            SDVariable r = f.sub(y);
            return r.mul(r).sum().div(sd.sizeAt(f, 0).castTo(f.dataType())).mul(0.5);
        });
    }

    /** C = -(1/N) sum_i y_i . log softmax(f(x_i)) over the k outputs. */
    public static CostFunctional softmaxCrossEntropy() {
        return new Builtin("softmax-cross-entropy", 0.5, (sd, f, y) -> {
            // log softmax = f - m - log sum exp(f - m) with m the row maximum (stable for large outputs; SameDiff
            // M2.1's logSoftmax op with an explicit dimension fails to build).
            SDVariable shifted = f.sub(f.max(true, 1));
            SDVariable logSoftmax = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
            return logSoftmax.mul(y).sum().neg().div(sd.sizeAt(f, 0).castTo(f.dataType()));
        });
    }

    /** C = (1/N) sum softplus(f) - y f, the negative log-likelihood of y in {0, 1} under sigmoid(f). */
    public static CostFunctional logistic() {
        return new Builtin("logistic", 0.25,
                (sd, f, y) -> sd.nn.softplus(f).sub(f.mul(y)).sum().div(sd.sizeAt(f, 0).castTo(f.dataType())));
    }

    /** Huber loss with threshold delta &gt; 0, averaged over points and summed over outputs. */
    public static CostFunctional huber(double delta) {
        Checks.positive("delta", delta);
        return new Builtin("huber:" + delta, 1, (sd, f, y) -> {
            SDVariable a = sd.math.abs(f.sub(y));
            SDVariable quadratic = sd.math.min(a, sd.constant(delta));
            // h = q^2/2 + delta (a - q), q = min(|r|, delta): r^2/2 inside, delta(|r| - delta/2) outside.
            SDVariable h = quadratic.mul(quadratic).mul(0.5).add(a.sub(quadratic).mul(delta));
            return h.sum().div(sd.sizeAt(f, 0).castTo(f.dataType()));
        });
    }
}
