package org.tangent4j.core.functional;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.DoubleBinaryOperator;
import org.tangent4j.core.check.Checks;

/**
 * A loss c(p, y) of a prediction p = f(x) against a target y, with its derivative dc/dp, for empirical costs
 * sum_i c(f(x_i), y_i).
 *
 * <p><b>One convention for the whole project.</b> The stock losses are the very functions that autodiff's
 * {@code Costs} averages over points and outputs, under the same names: {@code Costs.squared()} is
 * (1/N) sum_i sum_a {@code squared().value(f_ia, y_ia)}, and likewise {@code logistic()} and {@code huber(delta)}.
 * <pre>
 * squared     c = (p - y)^2 / 2                    c' = p - y                       c'' = 1
 * logistic    c = log(1 + e^p) - y p,  y in {0, 1} c' = sigmoid(p) - y              c'' &lt;= 1/4
 * huber       c = r^2/2 (|r| &lt;= delta), delta (|r| - delta/2) otherwise, r = p - y    c'' &lt;= 1
 * </pre>
 * The logistic loss is the negative log-likelihood of a label y in {0, 1} under P(y = 1) = sigmoid(p) (a
 * probability y in [0, 1] gives the cross-entropy); labels +-1 map to y = (1 + label) / 2.
 */
public interface PointwiseLoss {

    /** c(p, y). */
    double value(double prediction, double target);

    /** dc/dp (p, y). */
    double derivative(double prediction, double target);

    /** The curvature bound sup_p d^2c/dp^2 when known (for step-size bounds); empty otherwise. */
    default OptionalDouble curvatureBound() {
        return OptionalDouble.empty();
    }

    /** c = (p - y)^2 / 2, c' = p - y, c'' = 1. */
    static PointwiseLoss squared() {
        return Squared.INSTANCE;
    }

    /** c = log(1 + e^p) - y p for labels y in {0, 1}, c' = sigmoid(p) - y, c'' = sigmoid(p)(1 - sigmoid(p)) &lt;= 1/4. */
    static PointwiseLoss logistic() {
        return Logistic.INSTANCE;
    }

    /**
     * Huber: c = r^2 / 2 for |r| &lt;= delta, delta (|r| - delta / 2) otherwise, r = p - y; c' = clamp(r, -delta,
     * delta); c'' &lt;= 1.
     */
    static PointwiseLoss huber(double delta) {
        return new Huber(delta);
    }

    /** A user-supplied loss c(p, y) with its derivative dc/dp (no curvature bound). */
    static PointwiseLoss of(String name, DoubleBinaryOperator value, DoubleBinaryOperator derivative) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(derivative, "derivative");
        return new Custom(name, value, derivative);
    }

    /** (p - y)^2 / 2. */
    enum Squared implements PointwiseLoss {
        INSTANCE;

        @Override
        public double value(double p, double y) {
            return 0.5 * (p - y) * (p - y);
        }

        @Override
        public double derivative(double p, double y) {
            return p - y;
        }

        @Override
        public OptionalDouble curvatureBound() {
            return OptionalDouble.of(1);
        }

        @Override
        public String toString() {
            return "squared";
        }
    }

    /**
     * softplus(p) - y p written as y softplus(-p) + (1 - y) softplus(p), with softplus(t) = max(t, 0) + log1p(e^-|t|):
     * no overflow, and full relative accuracy for labels 0 and 1 (no cancellation of softplus(p) against p).
     */
    enum Logistic implements PointwiseLoss {
        INSTANCE;

        @Override
        public double value(double p, double y) {
            return y * softplus(-p) + (1 - y) * softplus(p);
        }

        /** sigmoid(p) - y = (1 - y) sigmoid(p) - y sigmoid(-p). */
        @Override
        public double derivative(double p, double y) {
            return (1 - y) * sigmoid(p) - y * sigmoid(-p);
        }

        private static double softplus(double t) {
            return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
        }

        private static double sigmoid(double t) {
            return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
        }

        @Override
        public String toString() {
            return "logistic";
        }

        @Override
        public OptionalDouble curvatureBound() {
            return OptionalDouble.of(0.25);
        }
    }

    /** Huber loss with threshold delta &gt; 0. */
    record Huber(double delta) implements PointwiseLoss {
        public Huber {
            Checks.positive("delta", delta);
        }

        @Override
        public double value(double p, double y) {
            double r = Math.abs(p - y);
            return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
        }

        @Override
        public double derivative(double p, double y) {
            return Math.max(-delta, Math.min(delta, p - y));
        }

        @Override
        public OptionalDouble curvatureBound() {
            return OptionalDouble.of(1);
        }
    }

    /** A loss given by two functions. */
    record Custom(String name, DoubleBinaryOperator valueFn, DoubleBinaryOperator derivativeFn) implements PointwiseLoss {
        @Override
        public double value(double p, double y) {
            return valueFn.applyAsDouble(p, y);
        }

        @Override
        public double derivative(double p, double y) {
            return derivativeFn.applyAsDouble(p, y);
        }

        @Override
        public String toString() {
            return "PointwiseLoss[" + name + "]";
        }
    }
}
