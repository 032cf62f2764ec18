package org.tangent4j.core.arch;

import java.util.List;
import java.util.Locale;

/** Factory for the stock activations and parser for their command-line names. */
public final class Activations {

    /**
     * The names {@link #parse} accepts; {@code leaky-relu} takes its negative slope as {@code leaky-relu:ALPHA},
     * {@code erf:A,B,C} is A erf(B u) + C and {@code piecewise-linear:A,B} is A min(u, 0) + B max(u, 0). Every stock
     * activation's {@link Activation#id} is one of them and parses back to an equal activation.
     */
    public static final List<String> NAMES =
            List.of("relu", "erf", "identity", "abs", "leaky-relu:ALPHA", "tanh", "sigmoid", "gelu", "sin", "softplus",
                    "erf:A,B,C", "piecewise-linear:A,B");

    private Activations() {
    }

    /** max(u, 0). */
    public static PiecewiseLinear relu() {
        return new PiecewiseLinear(0, 1);
    }

    /** alpha min(u, 0) + max(u, 0). */
    public static PiecewiseLinear leakyRelu(double alpha) {
        return new PiecewiseLinear(alpha, 1);
    }

    /** |u|. */
    public static PiecewiseLinear abs() {
        return new PiecewiseLinear(-1, 1);
    }

    /** u. */
    public static PiecewiseLinear identity() {
        return new PiecewiseLinear(1, 1);
    }

    /** erf(u). */
    public static ScaledErf erf() {
        return new ScaledErf(1, 1, 0);
    }

    /**
     * Parses a command-line activation name (case-insensitive): one of {@link #NAMES}.
     *
     * @throws IllegalArgumentException naming the value and listing the accepted names
     */
    public static Activation parse(String name) {
        if (name == null) {
            throw new NullPointerException("activation = null: expected one of " + NAMES);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "relu": return relu();
            case "erf": return erf();
            case "identity": case "linear": return identity();
            case "abs": return abs();
            case "tanh": return SmoothActivation.TANH;
            case "sigmoid": return SmoothActivation.SIGMOID;
            case "gelu": return SmoothActivation.GELU;
            case "sin": return SmoothActivation.SIN;
            case "softplus": return SmoothActivation.SOFTPLUS;
            default:
                break;
        }
        if (n.startsWith("leaky-relu:")) {
            String alpha = n.substring("leaky-relu:".length());
            try {
                return leakyRelu(Double.parseDouble(alpha));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "activation = '" + name + "': the slope '" + alpha + "' is not a number (expected leaky-relu:ALPHA)");
            }
        }
        if (n.startsWith("erf:")) {
            double[] p = numbers(name, n.substring("erf:".length()), 3, "erf:A,B,C");
            return new ScaledErf(p[0], p[1], p[2]);
        }
        if (n.startsWith("piecewise-linear:")) {
            double[] p = numbers(name, n.substring("piecewise-linear:".length()), 2, "piecewise-linear:A,B");
            return new PiecewiseLinear(p[0], p[1]);
        }
        throw new IllegalArgumentException("activation = '" + name + "': unknown; expected one of " + NAMES);
    }

    /** {@code count} comma-separated finite numbers. */
    private static double[] numbers(String name, String list, int count, String form) {
        String[] parts = list.split(",", -1);
        double[] out = new double[count];
        if (parts.length == count) {
            try {
                for (int i = 0; i < count; i++) {
                    out[i] = Double.parseDouble(parts[i].trim());
                    if (!Double.isFinite(out[i])) {
                        throw new NumberFormatException();
                    }
                }
                return out;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("activation = '" + name + "': expected " + form + " with " + count
                + " finite numbers separated by commas");
    }
}
