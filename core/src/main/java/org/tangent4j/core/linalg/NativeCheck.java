package org.tangent4j.core.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.failure.NumericalFailureException;

/**
 * A check, run once before the first LAPACK call, that the native BLAS/LAPACK of this process computes correctly:
 * OpenBLAS 0.3.19 (the one ND4J 1.0.0-M2.1 loads) selects AVX-512 kernels (SkylakeX) on CPUs that have them, and there
 * they return wrong results without any error (measured on an AVX-512 Xeon: a well-conditioned 20 x 20 Cholesky solve
 * off by 5.7e7, a 200 x 200 one "not positive definite"). With {@code OPENBLAS_CORETYPE=Haswell} set before the JVM
 * starts, the same calls are right to 1e-15. The check solves A x = A 1 for fixed, well-conditioned n x n
 * A = M M^T + n I (n = 24, 96, 256) by potrf/potrs, the triangular solve and the eigendecomposition, and compares the matrix product with
 * a plain Java one; any error above 1e-9 refuses every further LAPACK call with a message that says what to set.
 */
final class NativeCheck {

    /** Sizes checked: the blocked paths of potrf and trsm start above a few dozen (a 200 x 200 factor failed). */
    private static final int[] SIZES = {24, 96, 256};
    private static volatile String failure;
    private static volatile boolean done;
    /** Set while the check runs: its own LAPACK calls pass (reentrant lock, same thread). */
    private static boolean checking;

    private NativeCheck() {
    }

    /** Runs the check on first use; throws if it failed. */
    static void ensure() {
        if (!done) {
            synchronized (NativeCheck.class) {
                if (checking) {
                    return;
                }
                if (!done) {
                    checking = true;
                    try {
                        failure = run();
                    } finally {
                        checking = false;
                    }
                    done = true;
                }
            }
        }
        if (failure != null) {
            throw new NumericalFailureException(failure);
        }
    }

    /** Null if every routine agrees with its reference at every size, else what went wrong and what to do. */
    private static String run() {
        for (int n : SIZES) {
            String f = run(n);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static String run(int n) {
        double[][] m = new double[n][n];
        long seed = 12345;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                m[i][j] = (seed >>> 11) * 0x1.0p-53 - 0.5;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += m[i][k] * m[j][k];
                }
                a[i][j] = s;
            }
        }
        INDArray mm = Nd4j.createFromArray(m);
        INDArray product = mm.mmul(mm.transpose()).addi(Nd4j.eye(n).castTo(DataType.DOUBLE).muli(n));
        double gemm = product.sub(Nd4j.createFromArray(a)).amaxNumber().doubleValue() / n;
        INDArray work = Lapack.workCopy(Nd4j.createFromArray(a));
        double solve;
        double triangular;
        double eigen;
        if (Lapack.potrf(work) != 0) {
            solve = Double.POSITIVE_INFINITY;
            triangular = Double.POSITIVE_INFINITY;
        } else {
            double[] rhs = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    rhs[i] += a[i][j];
                }
            }
            INDArray b = Lapack.columnMajorCopy(Nd4j.createFromArray(rhs).reshape(n, 1));
            Lapack.potrs(work, b);
            solve = b.sub(1.0).amaxNumber().doubleValue();
            // L y = A 1 against forward substitution in Java on the same factor (its lower triangle)
            INDArray y = Lapack.columnMajorCopy(Nd4j.createFromArray(rhs).reshape(n, 1));
            Lapack.trtrsLower(work, y);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                double s = rhs[i];
                for (int k = 0; k < i; k++) {
                    s -= work.getDouble(i, k) * f[k];
                }
                f[i] = s / work.getDouble(i, i);
            }
            triangular = 0;
            for (int i = 0; i < n; i++) {
                triangular = Math.max(triangular, Math.abs(y.getDouble(i, 0) - f[i]) / (1 + Math.abs(f[i])));
            }
        }
        INDArray vectors = Lapack.workCopy(Nd4j.createFromArray(a));
        INDArray values = Nd4j.create(DataType.DOUBLE, n);
        if (Lapack.syevd(vectors, values) != 0) {
            eigen = Double.POSITIVE_INFINITY;
        } else {
            INDArray v = vectors.transpose();
            INDArray back = v.mulRowVector(values).mmul(v.transpose());
            eigen = back.sub(Nd4j.createFromArray(a)).amaxNumber().doubleValue() / n;
        }
        double worst = Math.max(Math.max(gemm, solve), Math.max(triangular, eigen));
        if (worst <= 1e-9) {
            return null;
        }
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        return "the native BLAS/LAPACK of this process computes wrong results (self-check on a " + n + " x " + n + " system: relative"
                + " errors dgemm " + gemm + ", dpotrf/dpotrs " + solve + ", dtrtrs " + triangular + ", dsyevd " + eigen
                + "; OPENBLAS_CORETYPE = " + (coretype == null ? "unset" : coretype) + "). OpenBLAS 0.3.19's AVX-512"
                + " kernels do this on some CPUs: set the environment variable OPENBLAS_CORETYPE=Haswell before starting"
                + " the JVM (the ./tangent4j launcher and the Maven test configuration do)";
    }
}
