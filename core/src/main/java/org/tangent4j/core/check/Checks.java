package org.tangent4j.core.check;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks shared by every module. Each failure is an {@link IllegalArgumentException} whose message
 * names the argument, shows its value and says what was expected (a null array a {@link NullPointerException}
 * naming it; see the error policy in {@code org.tangent4j.core.failure}), e.g.
 * {@code "x2 has 3 columns but x1 has 2: expected the same input dimension d"}.
 */
public final class Checks {

    private Checks() {
    }

    /** Requires a finite double. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number");
        }
        return value;
    }

    /** Requires a finite double &gt;= 0. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number >= 0");
        }
        return value;
    }

    /** Requires a finite double &gt; 0. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number > 0");
        }
        return value;
    }

    /** Requires an int &gt; 0. */
    public static int positive(String name, int value) {
        return Math.toIntExact(positive(name, (long) value));
    }

    /** Requires a long &gt; 0. */
    public static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " = " + value + ": expected an integer > 0");
        }
        return value;
    }

    /** Requires a non-null rank-2 array; returns it as float64 (a lossless cast of float32 input, never a narrowing). */
    public static INDArray matrix(String name, INDArray a) {
        if (a == null) {
            throw new NullPointerException(name + " = null: expected a [rows, columns] matrix");
        }
        if (a.rank() != 2) {
            throw new IllegalArgumentException(
                    name + " has shape " + Arrays.toString(a.shape()) + ": expected a rank-2 [rows, columns] matrix");
        }
        return a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    }

    /** Requires a rank-2 array with only finite entries; reports the first bad entry. */
    public static INDArray finiteMatrix(String name, INDArray a) {
        INDArray m = matrix(name, a);
        allFinite(name, m);
        return m;
    }

    /**
     * Requires points of any shape: an array [N, ...] of rank &gt;= 2 (rows [N, d], signals [N, L, C], NHWC images
     * [N, H, W, C]) with N &gt;= 1 and only finite entries; returns it as float64.
     */
    public static INDArray points(String name, INDArray a) {
        if (a == null) {
            throw new NullPointerException(name + " = null: expected points [N, ...]");
        }
        if (a.rank() < 2 || a.size(0) < 1 || a.length() < 1) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(a.shape())
                    + ": expected points [N, ...] of rank >= 2 ([N, d] rows, [N, L, C] signals or [N, H, W, C] images), N >= 1");
        }
        INDArray m = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        allFinite(name, m);
        return m;
    }

    /** Requires points {@code a} to have the per-point shape (all axes but the first) of {@code reference}. */
    public static void samePointShape(String name, INDArray a, String referenceName, INDArray reference) {
        long[] s = a.shape();
        long[] r = reference.shape();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), Arrays.copyOfRange(r, 1, r.length))) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(s) + ": expected [N"
                    + Arrays.toString(Arrays.copyOfRange(r, 1, r.length)).replace("[", ", ").replace("]", "]")
                    + ", the per-point shape of " + referenceName + " (shape " + Arrays.toString(r) + ")");
        }
    }

    /**
     * Requires every entry of {@code a} finite; names the first NaN or infinite entry. A finite sum proves every
     * entry finite (NaN and infinities propagate), so the entry-by-entry scan runs only when something is wrong or
     * the sum overflows.
     */
    public static void allFinite(String name, INDArray a) {
        if (a.isEmpty() || Double.isFinite(a.sumNumber().doubleValue())) {
            return;
        }
        double[] v = a.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                long[] shape = a.shape();
                throw new IllegalArgumentException(name + " contains " + v[i] + " at " + position(i, shape) + " (shape "
                        + Arrays.toString(shape) + "): expected finite values");
            }
        }
    }

    /** Requires {@code a} to have exactly the given number of columns. */
    public static void columns(String name, INDArray a, long expected, String why) {
        if (a.columns() != expected) {
            throw new IllegalArgumentException(name + " has " + a.columns() + " columns (shape "
                    + Arrays.toString(a.shape()) + "): expected " + expected + " (" + why + ")");
        }
    }

    /** Requires {@code a} to have exactly the given number of rows. */
    public static void rows(String name, INDArray a, long expected, String why) {
        if (a.rows() != expected) {
            throw new IllegalArgumentException(name + " has " + a.rows() + " rows (shape "
                    + Arrays.toString(a.shape()) + "): expected " + expected + " (" + why + ")");
        }
    }

    /**
     * Requires targets for n points: a vector [n] (one output) or a matrix [n, k] (k outputs per point, one row per
     * point), all finite. The message names the argument and its shape as given, e.g.
     * {@code "y has shape [150, 2]: expected [200] or [200, k] (one row per row of x)"}.
     *
     * @return a float64 row-major copy of shape [n, k] ([n] becomes [n, 1])
     */
    public static INDArray targets(String name, INDArray y, long n, String why) {
        if (y == null || y.rank() < 1 || y.rank() > 2 || y.size(0) != n || (y.rank() == 2 && y.columns() < 1)) {
            throw new IllegalArgumentException(name + " has shape " + (y == null ? "null" : Arrays.toString(y.shape()))
                    + ": expected [" + n + "] or [" + n + ", k] (" + why + ")");
        }
        allFinite(name, y);
        INDArray m = y.castTo(DataType.DOUBLE).dup('c');
        return y.rank() == 1 ? m.reshape(n, 1) : m;
    }

    /** Requires a square matrix. */
    public static INDArray square(String name, INDArray a) {
        INDArray m = matrix(name, a);
        if (m.rows() != m.columns()) {
            throw new IllegalArgumentException(
                    name + " has shape " + Arrays.toString(m.shape()) + ": expected a square matrix");
        }
        return m;
    }

    private static String position(int flat, long[] shape) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return Arrays.toString(idx);
    }
}
