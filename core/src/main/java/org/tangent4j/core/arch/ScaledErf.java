package org.tangent4j.core.arch;

import org.tangent4j.core.check.Checks;

import org.apache.commons.math3.special.Erf;

/**
 * sigma(u) = a erf(b u) + c; plain {@code erf} is a = 1, b = 1, c = 0.
 *
 * @param scale a
 * @param slope b
 * @param shift c
 */
public record ScaledErf(double scale, double slope, double shift) implements Activation {

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    public ScaledErf {
        Checks.finite("scale", scale);
        Checks.finite("slope", slope);
        Checks.finite("shift", shift);
    }

    @Override
    public String id() {
        return scale == 1 && slope == 1 && shift == 0 ? "erf" : "erf:" + scale + "," + slope + "," + shift;
    }

    @Override
    public double value(double u) {
        return scale * Erf.erf(slope * u) + shift;
    }

    /** sigma'(u) = a b (2 / sqrt(pi)) exp(-b^2 u^2). */
    @Override
    public double derivative(double u) {
        double bu = slope * u;
        return scale * slope * TWO_OVER_SQRT_PI * Math.exp(-bu * bu);
    }
}
