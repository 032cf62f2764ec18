package org.tangent4j.core.functional;

import java.util.OptionalDouble;
import java.util.function.DoubleBinaryOperator;
import org.tangent4j.core.check.Checks;

/**
 * A loss c(p, y) of a prediction p = f(x) against a target y, with its derivative dc/dp, for empirical costs
 * sum_i c(f(x_i), y_i).
 */
public interface PointwiseLoss {

    /** c(p, y). */
    double value(double prediction, double target);

    /** dc/dp (p, y). */
    double derivative(double prediction, double target);

    /** sup_p d^2c/dp^2 when known (for step-size bounds); empty otherwise. */
    default OptionalDouble curvatureBound() {
        return OptionalDouble.empty();
    }

    /** c = (p - y)^2, c' = 2 (p - y), c'' = 2 (no 1/2: the scaling of L(f) = sum_i (y_i - f(x_i))^2 + ...). */
    static PointwiseLoss squared() {
        return Squared.INSTANCE;
    }

    /** c = log(1 + exp(-y p)) for labels y in {-1, +1}, c' = -y sigmoid(-y p), c'' &lt;= 1/4. */
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
        if (value == null || derivative == null) {
            throw new IllegalArgumentException("value = " + value + ", derivative = " + derivative
                    + ": expected both c(p, y) and dc/dp");
        }
        return new Custom(name, value, derivative);
    }

    /** (p - y)^2. */
    enum Squared implements PointwiseLoss {
        INSTANCE;

        @Override
        public double value(double p, double y) {
            return (p - y) * (p - y);
        }

        @Override
        public double derivative(double p, double y) {
            return 2 * (p - y);
        }

        @Override
        public OptionalDouble curvatureBound() {
            return OptionalDouble.of(2);
        }
    }

    /** log(1 + exp(-y p)), computed without overflow. */
    enum Logistic implements PointwiseLoss {
        INSTANCE;

        @Override
        public double value(double p, double y) {
            double m = -y * p;
            return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }

        @Override
        public double derivative(double p, double y) {
            double m = -y * p;
            double sigmoid = m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
            return -y * sigmoid;
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
