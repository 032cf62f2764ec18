package org.tangent4j.core.arch;

import java.util.List;
import java.util.Locale;

/** Factory for the stock activations and parser for their command-line names. */
public final class Activations {

    /** The names {@link #parse} accepts; {@code leaky-relu} takes its negative slope as {@code leaky-relu:ALPHA}. */
    public static final List<String> NAMES =
            List.of("relu", "erf", "identity", "abs", "leaky-relu:ALPHA", "tanh", "sigmoid", "gelu", "sin", "softplus");

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
        throw new IllegalArgumentException("activation = '" + name + "': unknown; expected one of " + NAMES);
    }
}
