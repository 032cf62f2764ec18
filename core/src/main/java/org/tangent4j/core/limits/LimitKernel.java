package org.tangent4j.core.limits;

import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.Kernel;

/**
 * One of the two kernels of an {@link InfiniteWidth} as a {@link Kernel} value: equal (and equally hashed) when the
 * descriptions are equal, i.e. the same stack, expectation method and part, however many times
 * {@code nngp()} or {@code ntk()} was called and on however many {@code InfiniteWidth} instances.
 */
final class LimitKernel implements Kernel {

    /** Which of the two kernels of {@link InfiniteWidth#kernels}. */
    enum Part {
        NNGP("NNGP kernel", KernelPair::nngp),
        NTK("NTK", KernelPair::ntk);

        private final String label;
        private final Function<KernelPair, INDArray> select;

        Part(String label, Function<KernelPair, INDArray> select) {
            this.label = label;
            this.select = select;
        }
    }

    /** What the kernel is: the equality key. */
    private record Description(DenseStack stack, ExpectationMethod method, Part part) {
    }

    private final InfiniteWidth limits;
    private final Description description;

    LimitKernel(InfiniteWidth limits, ExpectationMethod method, Part part) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.description = new Description(limits.stack(), method, part);
    }

    @Override
    public INDArray gram(INDArray x1, INDArray x2) {
        KernelPair both = limits.kernels(x1, x2);
        INDArray kept = description.part().select.apply(both);
        // the two are computed together: free the other's native buffer now rather than at a garbage collection
        // (a tile's worth per call, 32 MiB for a tile of 2,048^2)
        INDArray other = kept == both.nngp() ? both.ntk() : both.nngp();
        if (other.closeable()) {
            other.close();
        }
        return kept;
    }

    @Override
    public INDArray diagonal(INDArray x) {
        return description.part().select.apply(limits.diagonal(x));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LimitKernel k && description.equals(k.description);
    }

    @Override
    public int hashCode() {
        return description.hashCode();
    }

    @Override
    public String toString() {
        return description.part().label + " of " + description.stack() + " (" + description.method() + ")";
    }
}
