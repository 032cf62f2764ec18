package org.tangent4j.core.linalg;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;

/**
 * The Cholesky factorisation A + j I = L L^T of a symmetric positive-definite matrix (LAPACK dpotrf), with the
 * jitter j that was needed (0 unless a {@link Jitter} policy allowed more). Immutable; answers solves and
 * log-determinants cheaply after the O(n^3/3) factorisation.
 */
public final class Cholesky {

    private final INDArray lower;
    private final double jitter;

    private Cholesky(INDArray lower, double jitter) {
        this.lower = lower;
        this.jitter = jitter;
    }

    /** Factorises {@code a} as given: jitter 0, the documented default. */
    public static Cholesky of(String name, INDArray a) {
        return of(name, a, Jitter.NONE);
    }

    /**
     * Factorises A + j I for one explicit jitter j &gt;= 0 (absolute, added to every diagonal entry).
     *
     * @param name the argument's name, for messages
     * @throws NotPositiveDefiniteException if A + j I is not positive definite
     */
    public static Cholesky of(String name, INDArray a, double jitter) {
        Checks.nonNegative("jitter", jitter);
        return factor(name, a, new double[] {jitter});
    }

    /**
     * Factorises {@code a}, adding the smallest jitter of the policy that makes it positive definite (tried in the
     * order 0, initial, initial * growth, ...). Only the lower triangle of {@code a} is read.
     *
     * @param name the argument's name, for messages
     * @throws NotPositiveDefiniteException if every allowed jitter fails; it lists them all
     */
    public static Cholesky of(String name, INDArray a, Jitter policy) {
        double[] jitters = new double[policy.maxAttempts() + 1];
        for (int k = 0; k < jitters.length; k++) {
            jitters[k] = policy.attempt(k);
        }
        return factor(name, a, jitters);
    }

    /**
     * Factorises A + j I in the storage of {@code a} itself, saving the n x n copy that {@link #of} makes (its page
     * faults: figures in {@code docs/benchmarks.md}). For a temporary the caller owns, such as
     * a freshly computed Gram matrix: afterwards {@code a} holds L (or, if the factorisation fails, garbage).
     * An {@code a} that is not a contiguous row-major float64 array is copied instead.
     *
     * @throws NotPositiveDefiniteException if A + j I is not positive definite
     */
    public static Cholesky ofInPlace(String name, INDArray a, double jitter) {
        Checks.nonNegative("jitter", jitter);
        return factor(name, a, new double[] {jitter}, Lapack.isWorkArray(a));
    }

    private static Cholesky factor(String name, INDArray a, double[] jitters) {
        return factor(name, a, jitters, false);
    }

    private static Cholesky factor(String name, INDArray a, double[] jitters, boolean inPlace) {
        INDArray m = Checks.square(name, a);
        Checks.allFinite(name, m);
        long n = m.rows();
        List<String> tried = new ArrayList<>();
        int failed = 0;
        for (double j : jitters) {
            INDArray work = inPlace ? m : Lapack.workCopy(m);
            Matrices.addToDiagonal(work, j);
            int info = Lapack.potrf(work);
            if (info == 0) {
                // dpotrf leaves the strict upper triangle untouched; clear it so factor() is exactly L.
                Lapack.zeroStrictUpper(work);
                return new Cholesky(work, j);
            }
            if (info < 0) {
                throw new IllegalStateException("LAPACK dpotrf rejected argument " + (-info) + " for " + name);
            }
            failed = info;
            tried.add(Double.toString(j));
        }
        throw new NotPositiveDefiniteException(name, n, failed, String.join(", ", tried));
    }

    /** The lower-triangular factor L ([n, n], a copy). */
    public INDArray factor() {
        return lower.dup();
    }

    /** The jitter j added to the diagonal before factorising (0 when none was needed). */
    public double jitter() {
        return jitter;
    }

    /** n. */
    public int size() {
        return (int) lower.rows();
    }

    /**
     * Solves (A + j I) X = B (LAPACK dpotrs).
     *
     * @param b [n] or [n, m]
     * @return X with the shape of b
     */
    public INDArray solve(INDArray b) {
        return inPlaceSolve("dpotrs", b, Lapack::potrs);
    }

    /** Solves L Y = B by forward substitution (LAPACK dtrtrs); b is [n] or [n, m]. */
    public INDArray solveLower(INDArray b) {
        return inPlaceSolve("dtrtrs", b, Lapack::trtrsLower);
    }

    /** Runs a LAPACK solve that overwrites a column-major copy of B ([n] or [n, m]); returns it in B's shape. */
    private INDArray inPlaceSolve(String routine, INDArray b, java.util.function.ToIntBiFunction<INDArray, INDArray> lapack) {
        boolean vector = b.rank() == 1;
        INDArray rhs = vector ? b.reshape(b.length(), 1) : Checks.matrix("b", b);
        Checks.rows("b", rhs, size(), "the size of the factorised matrix");
        INDArray x = Lapack.columnMajorCopy(rhs);
        int info = lapack.applyAsInt(lower, x);
        if (info != 0) {
            throw new IllegalStateException("LAPACK " + routine + " failed with info " + info);
        }
        return vector ? x.reshape(b.length()) : x;
    }

    /** L Z for a [n, m] (or [n]) matrix Z, e.g. to turn standard normal draws into N(0, A) samples. */
    public INDArray multiplyLower(INDArray z) {
        return lower.mmul(z.rank() == 1 ? z.reshape(z.length(), 1) : z);
    }

    /** log det(A + j I) = 2 sum_i log L_ii. */
    public double logDeterminant() {
        int n = size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower.getDouble(i, i));
        }
        return 2 * s;
    }
}
