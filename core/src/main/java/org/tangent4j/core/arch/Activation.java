package org.tangent4j.core.arch;

/**
 * An elementwise activation sigma: R -> R with its derivative sigma'.
 *
 * <p>The infinite-width code in {@code core.limits} recognises the closed-form families
 * ({@link PiecewiseLinear}, {@link ScaledErf}) by type and integrates every other activation numerically
 * from {@link #value} and {@link #derivative}. The SameDiff builders in {@code autodiff} map the stock
 * activations to graph operations; a user's own activation for a finite network is written as a SameDiff
 * expression there.
 */
public interface Activation {

    /** A short name, as used on the command line (for example {@code relu}, {@code leaky-relu:0.1}). */
    String id();

    /** sigma(u). */
    double value(double u);

    /** sigma'(u) (any value at isolated kinks, which have measure zero under a Gaussian). */
    double derivative(double u);

    /**
     * sigma(u_i) for every entry. The default calls {@link #value} per entry; an activation with a cheaper batch form
     * (one SameDiff graph execution instead of one per value) overrides it.
     */
    default double[] values(double[] u) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = value(u[i]);
        }
        return out;
    }

    /** sigma'(u_i) for every entry; see {@link #values}. */
    default double[] derivatives(double[] u) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = derivative(u[i]);
        }
        return out;
    }
}
