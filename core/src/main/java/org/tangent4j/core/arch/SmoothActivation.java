package org.tangent4j.core.arch;

import org.apache.commons.math3.special.Erf;

/**
 * Stock activations without a closed-form infinite-width kernel; their Gaussian expectations are computed
 * by their Hermite series (quadrature where it does not converge).
 */
public enum SmoothActivation implements Activation {
    /** tanh(u); derivative 1 - tanh(u)^2. */
    TANH("tanh") {
        @Override public double value(double u) { return Math.tanh(u); }
        @Override public double derivative(double u) { double t = Math.tanh(u); return 1 - t * t; }
    },
    /** 1 / (1 + e^-u); derivative s(1 - s). */
    SIGMOID("sigmoid") {
        @Override public double value(double u) { return logistic(u); }
        @Override public double derivative(double u) { double s = logistic(u); return s * (1 - s); }
    },
    /** Exact GELU u Phi(u); derivative Phi(u) + u phi(u). */
    GELU("gelu") {
        @Override public double value(double u) { return u * normalCdf(u); }
        @Override public double derivative(double u) { return normalCdf(u) + u * normalPdf(u); }
    },
    /** sin(u); derivative cos(u). */
    SIN("sin") {
        @Override public double value(double u) { return Math.sin(u); }
        @Override public double derivative(double u) { return Math.cos(u); }
    },
    /** log(1 + e^u), computed without overflow; derivative the logistic function. */
    SOFTPLUS("softplus") {
        @Override public double value(double u) { return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))); }
        @Override public double derivative(double u) { return logistic(u); }
    };

    private final String cliName;

    SmoothActivation(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String id() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    static double logistic(double u) {
        return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    }

    static double normalCdf(double u) {
        return 0.5 * Erf.erfc(-u / Math.sqrt(2));
    }

    static double normalPdf(double u) {
        return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
    }
}
