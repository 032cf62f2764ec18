package org.tangent4j.core.arch;

import org.tangent4j.core.check.Checks;

/**
 * sigma(u) = a min(u, 0) + b max(u, 0): ReLU (a = 0, b = 1), leaky ReLU (a = alpha, b = 1),
 * absolute value (a = -1, b = 1) and the identity (a = b = 1).
 *
 * @param negativeSlope a, the slope for u &lt; 0
 * @param positiveSlope b, the slope for u &gt; 0
 */
public record PiecewiseLinear(double negativeSlope, double positiveSlope) implements Activation {

    public PiecewiseLinear {
        Checks.finite("negativeSlope", negativeSlope);
        Checks.finite("positiveSlope", positiveSlope);
    }

    @Override
    public String id() {
        if (negativeSlope == 0 && positiveSlope == 1) {
            return "relu";
        }
        if (negativeSlope == 1 && positiveSlope == 1) {
            return "identity";
        }
        if (negativeSlope == -1 && positiveSlope == 1) {
            return "abs";
        }
        if (positiveSlope == 1) {
            return "leaky-relu:" + negativeSlope;
        }
        return "piecewise-linear:" + negativeSlope + "," + positiveSlope;
    }

    @Override
    public double value(double u) {
        return u < 0 ? negativeSlope * u : positiveSlope * u;
    }

    @Override
    public double derivative(double u) {
        return u < 0 ? negativeSlope : positiveSlope;
    }
}
