package org.tangent4j.autodiff.tangent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An empirical kernel between two point sets with k outputs.
 *
 * <p>Index order of {@link #full()}: [N1*k, N2*k], entry (i*k + a, j*k + b) = Theta((x1_i, a), (x2_j, b)) (point-major,
 * output-minor, the row order of {@code RealizationFunction.jacobian}).
 *
 * <p>Ownership: the full matrix can take gigabytes, so it is <b>handed over</b>, not copied: the constructor keeps the
 * array it is given and {@link #full()} returns that same array (the caller must not change it, or must
 * {@code dup()} it first). {@link #block} and {@link #traced} return new arrays.
 *
 * @param full the full kernel [N1*k, N2*k]
 * @param outputs k
 * @param contractions how each parameter's share was contracted, in the realization's parameter order
 *     ({@link Contraction#JACOBIAN} for all of them with {@link TangentKernelMethod#JACOBIAN}; empty for a kernel that
 *     is not a tangent kernel, such as the Monte Carlo NNGP estimate)
 */
public record TangentKernelMatrix(INDArray full, int outputs, Map<String, Contraction> contractions) {

    public TangentKernelMatrix {
        java.util.Objects.requireNonNull(full, "full");
        contractions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contractions));
        if (full.rows() % outputs != 0 || full.columns() % outputs != 0) {
            throw new IllegalArgumentException("full has shape [" + full.rows() + ", " + full.columns()
                    + "]: expected multiples of outputs = " + outputs);
        }
    }

    /**
     * The parameters whose share came from Jacobian contraction (all of them for {@link TangentKernelMethod#JACOBIAN};
     * those that fell back for {@link TangentKernelMethod#STRUCTURED}), in parameter order.
     */
    public List<String> jacobianParameters() {
        return contractions.entrySet().stream().filter(e -> e.getValue() == Contraction.JACOBIAN)
                .map(Map.Entry::getKey).toList();
    }

    /** N1. */
    public int rows() {
        return (int) (full.rows() / outputs);
    }

    /** N2. */
    public int columns() {
        return (int) (full.columns() / outputs);
    }

    /** The [N1, N2] block of outputs (a, b): Theta((x1_i, a), (x2_j, b)). */
    public INDArray block(int a, int b) {
        return full.get(strided(a, outputs, rows()), strided(b, outputs, columns())).dup();
    }

    /** The kernel traced over outputs, [N1, N2]: sum_a Theta((x1_i, a), (x2_j, a)), divided by k for MEAN. */
    public INDArray traced(OutputTrace trace) {
        INDArray out = Nd4j.zeros(full.dataType(), rows(), columns());
        for (int a = 0; a < outputs; a++) {
            INDArray b = block(a, a);
            out.addi(b);
            org.tangent4j.autodiff.memory.Temporaries.release(b);
        }
        return trace == OutputTrace.MEAN ? out.divi(outputs) : out;
    }

    /**
     * The positions start, start + step, ..., count of them, along one axis. A single position is asked for without a
     * step: ND4J 1.0.0-M2.1's strided interval over a range shorter than its step is wrong (interval(3, 2, 4) of a
     * length-12 axis gives positions 3, 5, 7; interval(1, 2, 2) of a length-2 axis throws).
     */
    static INDArrayIndex strided(long start, long step, long count) {
        return count == 1 || step == 1 ? NDArrayIndex.interval(start, start + step * (count - 1) + 1)
                : NDArrayIndex.interval(start, step, start + step * (count - 1) + 1);
    }

    /** The kernel traced by {@link OutputTrace#SUM} (the default), [N1, N2]. */
    public INDArray traced() {
        return traced(OutputTrace.SUM);
    }
}
