package org.tangent4j.core.linalg;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A scope in which the BLAS runs each call on one thread, so that several Java threads can call it at once, each
 * on its own core: {@code try (BlasThreads one = BlasThreads.single()) { ... }}. On closing, the BLAS gets back the
 * thread count it had. Skinny products (a tile times a block of k = 10 columns) gain from this: OpenBLAS's own threads
 * hand off at every call, and on 2 cores two Java threads on one BLAS thread each multiplied float32 tiles in 2.2-3.3 ns
 * per stored entry (both products) against 6.0-7.7 ns for one Java thread on OpenBLAS's two (docs/benchmarks.md,
 * "Tile products"). The setting is process-wide: only code that owns the machine for the duration (a solver's product)
 * should open such a scope.
 */
public final class BlasThreads implements AutoCloseable {

    private final int previous;

    private BlasThreads(int previous) {
        this.previous = previous;
    }

    /** The threads the BLAS uses per call now: the parallelism the caller may use with {@link #single()}. */
    public static int current() {
        return Math.max(1, Nd4j.factory().blas().getMaxThreads());
    }

    /** Opens a scope with one BLAS thread per call. */
    public static BlasThreads single() {
        Blas blas = Nd4j.factory().blas();
        int previous = blas.getMaxThreads();
        blas.setMaxThreads(1);
        return new BlasThreads(previous);
    }

    /** Restores the previous BLAS thread count. */
    @Override
    public void close() {
        Nd4j.factory().blas().setMaxThreads(previous);
    }
}
