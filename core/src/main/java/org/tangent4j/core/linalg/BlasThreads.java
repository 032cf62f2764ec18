package org.tangent4j.core.linalg;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A scope in which the BLAS runs each call on one thread, so that several Java threads can call it at once, each
 * on its own core: {@code try (BlasThreads one = BlasThreads.single()) { ... }}. On closing, the BLAS gets back the
 * thread count it had. Skinny products (a tile times a block of k = 10 columns) gain from this: OpenBLAS's own threads
 * hand off at every call, and on 2 cores two Java threads on one BLAS thread each multiplied float32 tiles in 2.15-2.31 ns
 * per stored entry (both products) against 4.89-5.25 ns for one Java thread on OpenBLAS's two
 * ({@code ./tangent4j bench tile-product}, docs/benchmarks.md). The setting is process-wide; overlapping scopes (from several threads) keep one BLAS thread until the
 * last of them closes.
 */
public final class BlasThreads implements AutoCloseable {

    /** Scopes open now, in any thread; the first saves the BLAS thread count and the last restores it. */
    private static int open;
    private static int saved;

    private boolean closed;

    private BlasThreads() {
    }

    /** The threads the BLAS uses per call now: the parallelism the caller may use with {@link #single()}. */
    public static int current() {
        return Math.max(1, Nd4j.factory().blas().getMaxThreads());
    }

    /** Opens a scope with one BLAS thread per call (scopes may overlap, in one thread or several). */
    public static synchronized BlasThreads single() {
        if (open++ == 0) {
            Blas blas = Nd4j.factory().blas();
            saved = blas.getMaxThreads();
            blas.setMaxThreads(1);
        }
        return new BlasThreads();
    }

    /** Closes this scope; when it is the last one open, the BLAS gets back the thread count it had before the first. */
    @Override
    public void close() {
        synchronized (BlasThreads.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--open == 0) {
                Nd4j.factory().blas().setMaxThreads(saved);
            }
        }
    }
}
