package org.tangent4j.autodiff.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scope that frees the native buffers of temporary arrays when it closes:
 * <pre>{@code
 * try (Temporaries tmp = new Temporaries()) {
 *     INDArray g = tmp.add(net.vjp(x, v));      // freed at the end of the block
 *     ...
 * }
 * }</pre>
 * ND4J frees an array's off-heap buffer only when its small Java wrapper is garbage-collected, so without explicit
 * release the buffers of a wide network's gradients (P doubles each, every step) pile up off-heap while the Java heap
 * never fills. Only arrays that own their buffer are freed: views and arrays attached to a workspace
 * ({@link INDArray#closeable()} false) are left to their owner, so adding one is harmless.
 */
public final class Temporaries implements AutoCloseable {

    private final List<INDArray> arrays = new ArrayList<>();

    /** Registers {@code a} (may be null) to be freed when the scope closes; returns it. */
    public <T extends INDArray> T add(T a) {
        if (a != null) {
            arrays.add(a);
        }
        return a;
    }

    /** Frees every registered array that owns its buffer, newest first. */
    @Override
    public void close() {
        for (int i = arrays.size() - 1; i >= 0; i--) {
            release(arrays.get(i));
        }
        arrays.clear();
    }

    /** Frees the native buffer of {@code a} now, if it owns one (no-op for null, views and workspace arrays). */
    public static void release(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /** {@link #release(INDArray)} for each array. */
    public static void release(Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            release(a);
        }
    }
}
