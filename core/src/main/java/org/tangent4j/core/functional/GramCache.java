package org.tangent4j.core.functional;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.rkhs.RkhsFunction;

/**
 * The last Gram matrix K(left, X_f) a functional needed, with the kernel and centre values it was computed for.
 * Gradient descent evaluates value and gradient on the same fixed centres at every step, so the Gram matrix is
 * computed once instead of at every call. Keyed by value (kernel equality and an exact comparison of the centres;
 * {@code left} is fixed per cache), so it is never stale. Matrices above 2^20 entries (8 MB) are not kept.
 */
final class GramCache {

    private static final long LIMIT = 1L << 20;

    private Kernel kernel;
    private double[] centres;
    private INDArray gram;

    /**
     * K(left, X_f), or K(X_f, X_f) when {@code left} is null.
     */
    INDArray gram(INDArray left, RkhsFunction f) {
        INDArray c = f.centres();
        double[] key = c.data().asDouble();
        synchronized (this) {
            if (gram != null && f.kernel().equals(kernel) && Arrays.equals(key, centres)) {
                return gram;
            }
        }
        INDArray k = f.kernel().gram(left == null ? c : left, c);
        if (k.length() <= LIMIT) {
            synchronized (this) {
                kernel = f.kernel();
                centres = key;
                gram = k;
            }
        }
        return k;
    }
}
