package org.tangent4j.examples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.io.ArrayFiles;

/**
 * The file-based commands' checks of what the user gave, in the user's words: every message names the flag
 * (--x1, --y, ...), the file, its shape and what was expected, before any library call sees the data; and library
 * messages that still name an internal argument get the flag instead ({@link #naming}).
 */
final class UserInput {

    private UserInput() {
    }

    /** Reads the file of {@code flag}; a missing or unreadable file is reported with the flag. */
    static INDArray read(String flag, Path file) {
        try {
            return ArrayFiles.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Points as rows: a [N, d] matrix with N, d &gt;= 1. */
    static INDArray points(String flag, Path file) {
        INDArray a = read(flag, file);
        if (a.rank() != 2 || a.rows() < 1 || a.columns() < 1) {
            throw new IllegalArgumentException(flag + " " + file + " has shape " + Arrays.toString(a.shape())
                    + ": expected a [N, d] matrix, one point per row (" + (a.rank() > 2 ? "flatten each point to one row of d numbers, or describe a network that takes signals or images"
                    + " with --arch FILE.json"
                    : a.rank() == 1 ? "a single point is a [1, d] matrix; a column of scalars is [N, 1]" : "at least one point") + ")");
        }
        Checks.allFinite(flag + " " + file, a);
        return a;
    }

    /**
     * Inputs of an architecture file: rows [N, d], signals [N, L, C] or NHWC images [N, H, W, C], at least one, finite
     * (the architecture checks their shape against its layers).
     */
    static INDArray inputs(String flag, Path file) {
        INDArray a = read(flag, file);
        if (a.rank() < 2 || a.rank() > 4 || a.size(0) < 1) {
            throw new IllegalArgumentException(flag + " " + file + " has shape " + Arrays.toString(a.shape())
                    + ": expected [N, d] rows, [N, L, C] signals or [N, H, W, C] images, at least one");
        }
        Checks.allFinite(flag + " " + file, a);
        return a;
    }

    /** Points with the input dimension of {@code reference} (given by {@code referenceFlag}). */
    static INDArray points(String flag, Path file, String referenceFlag, INDArray reference) {
        INDArray a = points(flag, file);
        if (a.columns() != reference.columns()) {
            throw new IllegalArgumentException(flag + " " + file + " has shape " + Arrays.toString(a.shape()) + ": expected "
                    + reference.columns() + " columns, the input dimension d of " + referenceFlag + " (shape "
                    + Arrays.toString(reference.shape()) + ")");
        }
        return a;
    }

    /**
     * Inputs with the per-input shape of {@code reference} (given by {@code referenceFlag}): the same axes after the
     * first.
     */
    static void samePointShape(String flag, Path file, INDArray a, String referenceFlag, INDArray reference) {
        long[] s = a.shape();
        long[] r = reference.shape();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), Arrays.copyOfRange(r, 1, r.length))) {
            throw new IllegalArgumentException(flag + " " + file + " has shape " + Arrays.toString(s) + ": expected the"
                    + " per-input shape " + Arrays.toString(Arrays.copyOfRange(r, 1, r.length)) + " of " + referenceFlag
                    + " (shape " + Arrays.toString(r) + ")");
        }
    }

    /** Targets for the inputs of {@code x}: [N] or [N, k], N = x.size(0), reported with their shape as read. */
    static INDArray targets(String flag, Path file, String xFlag, INDArray x) {
        INDArray y = read(flag, file);
        long n = x.size(0);
        if (y.rank() < 1 || y.rank() > 2 || y.size(0) != n || (y.rank() == 2 && y.columns() < 1)) {
            throw new IllegalArgumentException(flag + " " + file + " has shape " + Arrays.toString(y.shape()) + ": expected ["
                    + n + "] or [" + n + ", k], one row of targets per " + (x.rank() == 2 ? "row" : "input") + " of " + xFlag + " (shape "
                    + Arrays.toString(x.shape()) + ")");
        }
        Checks.allFinite(flag + " " + file, y);
        return y;
    }

    /**
     * Runs library code, replacing an internal argument name at the start of a failure's message by the user's flag
     * (e.g. "wStd = -1.0: ..." becomes "--w-std = -1.0: ...").
     *
     * @param flags internal name -&gt; flag
     */
    static <T> T naming(Map<String, String> flags, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            for (var f : flags.entrySet()) {
                if (m.startsWith(f.getKey() + " ") || m.startsWith(f.getKey() + ":") || m.startsWith(f.getKey() + ",")) {
                    throw new IllegalArgumentException(f.getValue() + m.substring(f.getKey().length()), e);
                }
            }
            throw e;
        }
    }

    /** Requires an integer &gt;= min, named by its flag. */
    static int atLeast(String flag, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " = " + value + ": expected an integer >= " + min);
        }
        return value;
    }
}
