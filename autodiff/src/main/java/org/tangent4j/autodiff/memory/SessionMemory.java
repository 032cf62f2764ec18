package org.tangent4j.autodiff.memory;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of one graph's executions, released in scopes. SameDiff 1.0.0-M2.1's default session memory manager
 * keeps some of the arrays of a gradient pass for ever (measured: width 4096, 16 arrays per call of
 * {@code calculateGradients} are never released, about one parameter vector, 135 MB, per call), so their buffers wait
 * for the garbage collector. This manager frees an array as soon as the session releases it, and {@link #close()}
 * frees everything the session allocated since the scope began (the outputs included: copy what you keep first).
 *
 * <pre>{@code
 * try (SessionMemory.Scope s = memory.open(sd)) {   // sd and its gradient function, on this thread
 *     Map<String, INDArray> g = sd.calculateGradients(placeholders, names);
 *     ... copy g ...
 * }                                                  // every array of the pass freed here
 * }</pre>
 * Not thread-safe: use one instance per graph, from calls serialised on that graph.
 */
public final class SessionMemory extends AbstractMemoryMgr {

    private final List<INDArray> allocated = new ArrayList<>();

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return track(Nd4j.createUninitialized(dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        return track(Nd4j.createUninitialized(descriptor.dataType(), descriptor.getShape(), descriptor.getOrder()));
    }

    private INDArray track(INDArray a) {
        allocated.add(a);
        return a;
    }

    /** The session no longer needs {@code array}: its buffer is freed now. */
    @Override
    public void release(INDArray array) {
        Temporaries.release(array);
    }

    /** Nothing to do: the session manager of a graph lives as long as the graph; scopes free the arrays. */
    @Override
    public void close() {
    }

    /** Frees every array allocated since the last call that still owns its buffer. */
    private void freeAll() {
        for (INDArray a : allocated) {
            if (!a.wasClosed()) {
                Temporaries.release(a);
            }
        }
        allocated.clear();
    }

    /**
     * Makes this the memory manager of the current thread's sessions of {@code sd} and of its gradient function (if
     * built), creating the sessions if needed, and opens a scope whose end frees the arrays of the calls made in it.
     */
    public Scope open(SameDiff sd) {
        attach(sd);
        SameDiff grad = sd.getFunction("grad");
        if (grad != null) {
            attach(grad);
        }
        return this::freeAll;
    }

    private void attach(SameDiff graph) {
        InferenceSession s = graph.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> new InferenceSession(graph));
        if (s.getMmgr() != this) {
            s.setMmgr(this);
        }
    }

    /** The end of a scope frees its arrays. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
