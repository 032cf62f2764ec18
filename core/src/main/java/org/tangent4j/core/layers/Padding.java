package org.tangent4j.core.layers;

/**
 * How a window (filter or pooling window) is placed along one spatial axis of extent n, for window f and stride s.
 * Output position o reads input positions s o + d - before, d = 0 .. f - 1.
 */
public enum Padding {
    /** Zero padding; out = ceil(n / s), before = floor(max((out - 1) s + f - n, 0) / 2) (as TensorFlow and SameDiff). */
    SAME,
    /** No padding: out = floor((n - f) / s) + 1, which needs f &lt;= n. */
    VALID,
    /** Periodic boundary: the positions of SAME taken modulo n (every tap reads a real pixel). */
    CIRCULAR;

    /** The output extent. */
    public int outputExtent(int n, int f, int s) {
        return this == VALID ? (n - f) / s + 1 : (n + s - 1) / s;
    }

    /** The padding before the first input position. */
    public int before(int n, int f, int s) {
        if (this == VALID) {
            return 0;
        }
        int out = outputExtent(n, f, s);
        return Math.max((out - 1) * s + f - n, 0) / 2;
    }

    /** The input position read by output o at window offset d, or -1 for a zero-padded tap. */
    public int source(int o, int d, int n, int f, int s) {
        int i = s * o + d - before(n, f, s);
        if (this == CIRCULAR) {
            return Math.floorMod(i, n);
        }
        return i >= 0 && i < n ? i : -1;
    }

    /** The lower-case name used in architecture files. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
