package org.tangent4j.core.linalg;

import org.tangent4j.core.check.Checks;

/**
 * How much to add to the diagonal when a Cholesky factorisation fails: first {@code 0}, then {@code initial},
 * then {@code initial * growth}, ... for at most {@code maxAttempts} non-zero values. The jitter actually used is
 * reported by {@link Cholesky#jitter()}; nothing is added silently.
 *
 * @param initial first non-zero jitter (absolute, added to every diagonal entry)
 * @param growth factor between successive attempts (&gt; 1)
 * @param maxAttempts number of non-zero jitters to try (0 = never jitter)
 */
public record Jitter(double initial, double growth, int maxAttempts) {

    /** Never add jitter: the matrix must be positive definite as given. The default. */
    public static final Jitter NONE = new Jitter(0, 10, 0);

    public Jitter {
        Checks.nonNegative("initial", initial);
        if (!(growth > 1) || Double.isInfinite(growth)) {
            throw new IllegalArgumentException("growth = " + growth + ": expected a finite number > 1");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts = " + maxAttempts + ": expected >= 0");
        }
        if (maxAttempts > 0 && initial == 0) {
            throw new IllegalArgumentException("initial = 0 with maxAttempts = " + maxAttempts + ": expected initial > 0");
        }
    }

    /** Escalating jitter: initial, 10 initial, ..., up to {@code maxAttempts} values. */
    public static Jitter escalating(double initial, int maxAttempts) {
        return new Jitter(initial, 10, maxAttempts);
    }

    /** The k-th jitter tried: 0 for k = 0, then initial * growth^(k-1) for k = 1..maxAttempts. */
    double attempt(int k) {
        return k == 0 ? 0 : initial * Math.pow(growth, k - 1);
    }
}
