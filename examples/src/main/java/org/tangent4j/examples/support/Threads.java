package org.tangent4j.examples.support;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread settings for the command line. The example programs train many small networks, where each SameDiff
 * call is a chain of small operations and OpenMP's and OpenBLAS's thread hand-offs cost more than a second core brings
 * (measured on 2 cores: one thread was faster at widths up to 1024 and slower at 4096; the figures are in
 * {@code docs/benchmarks.md}, "SameDiff call overhead and threads"). The file tools that train or differentiate
 * networks ({@code train}, {@code kernel --empirical/--monte-carlo}) do the same up to width {@value #SMALL_WIDTH};
 * the benchmarks and the other tools keep ND4J's default (all cores).
 */
public final class Threads {

    /** Environment variable: threads for ND4J's own operations and its BLAS, for every subcommand. */
    public static final String VARIABLE = "TANGENT4J_ND4J_THREADS";

    private Threads() {
    }

    /** Applies {@value #VARIABLE} when it is set. */
    public static void fromEnvironment() {
        String v = System.getenv(VARIABLE);
        if (v != null) {
            int n;
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(VARIABLE + " = '" + v + "': expected a positive integer");
            }
            if (n < 1) {
                throw new IllegalArgumentException(VARIABLE + " = " + n + ": expected a positive integer");
            }
            use(n);
        }
    }

    /** Widths up to this are "small networks" for {@link #preferSingleUpTo}: one thread was faster through 2048. */
    public static final int SMALL_WIDTH = 2048;

    /** {@link #preferSingle} for networks of width at most {@link #SMALL_WIDTH}; wider ones keep the default. */
    public static void preferSingleUpTo(int width) {
        if (width <= SMALL_WIDTH) {
            preferSingle();
        }
    }

    /**
     * One thread for a program made of many small SameDiff calls, unless the user chose ({@value #VARIABLE} or
     * OMP_NUM_THREADS set): then their choice stands.
     */
    public static void preferSingle() {
        if (System.getenv(VARIABLE) == null && System.getenv("OMP_NUM_THREADS") == null) {
            use(1);
        }
    }

    private static void use(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
