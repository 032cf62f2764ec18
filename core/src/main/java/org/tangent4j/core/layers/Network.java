package org.tangent4j.core.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.InfiniteWidthKernels;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.linalg.Matrices;

/**
 * An architecture as one description: a serial list of {@link Layer}s from the input (rows [N, d], signals
 * [N, L, C] or NHWC images [N, H, W, C]) to a vector output. The same object gives the infinite-width NNGP and NTK
 * here and, in {@code autodiff.layers}, the finite SameDiff network of any width.
 *
 * <p>The kernel pass starts from K0 = (1/C) sum_c x_c x'_c per pair of positions, Theta0 = 0, keeping every pair of
 * positions only as long as a later layer pools (decided by looking ahead, {@link Layer#needsFullSpatial}).
 *
 * @param root the layers
 */
public record Network(Serial root) implements InfiniteWidthKernels {

    public Network {
        if (root == null) {
            throw new IllegalArgumentException("root = null: expected the layers of the network");
        }
    }

    /** The layers in order. */
    public static Network of(Layer... layers) {
        return new Network(Serial.of(layers));
    }

    /** The layers in order. */
    public static Network of(List<Layer> layers) {
        return new Network(new Serial(layers));
    }

    /**
     * The fully-connected stack as a network: each {@code core.arch.Dense} a {@link Dense} (width unset, the stack's
     * parameterization), each {@code Nonlinearity} an {@link Elementwise}; its {@link #denseStack} is the stack again.
     */
    public static Network of(DenseStack stack) {
        List<Layer> layers = new ArrayList<>();
        for (org.tangent4j.core.arch.Layer l : stack.layers()) {
            if (l instanceof org.tangent4j.core.arch.Dense d) {
                layers.add(new Dense(d.wStd(), d.bStd(), Shape.UNSET, stack.parameterization()));
            } else if (l instanceof org.tangent4j.core.arch.Nonlinearity n) {
                layers.add(new Elementwise(n.activation()));
            } else {
                throw new IllegalArgumentException("stack layer " + l + ": expected Dense or Nonlinearity");
            }
        }
        return of(layers);
    }

    /** The layers. */
    public List<Layer> layers() {
        return root.layers();
    }

    /**
     * The output shape for an input shape.
     *
     * @throws LayerException naming the first layer (by its path, e.g. {@code layers[2]}) that cannot take its input
     */
    public Shape outputShape(Shape input) {
        return root.outputShape(input);
    }

    /** Whether the input state needs every pair of positions (some layer pools). */
    public boolean needsFullSpatial() {
        return root.needsFullSpatial(false);
    }

    /**
     * The state after the last layer, for inputs x1 and x2 (pass the same array twice for a symmetric Gram matrix).
     *
     * @throws LayerException naming the layer that cannot take its input
     * @throws IllegalArgumentException for non-finite inputs (naming the entry) or mismatched shapes
     */
    public KernelState kernelState(INDArray x1, INDArray x2) {
        if (x1 == null || x2 == null) {
            throw new IllegalArgumentException("x1 = " + x1 + ", x2 = " + x2 + ": expected two arrays of inputs");
        }
        Shape in = Shape.ofInput(x1.shape());
        outputShape(in);
        KernelState s = KernelState.input(x1, x2, needsFullSpatial());
        return root.kernel(s, false);
    }

    /**
     * The NNGP Sigma(x1_i, x2_j) and NTK Theta(x1_i, x2_j) per output, [N1, N2] each (zero across outputs).
     *
     * @throws IllegalArgumentException if the output is not a vector (e.g. the network ends on an image)
     */
    @Override
    public KernelPair kernels(INDArray x1, INDArray x2) {
        Optional<InfiniteWidth> fused = fused(x1, x2);
        if (fused.isPresent()) {
            return fused.get().kernels(x1, x2);
        }
        KernelState s = kernelState(x1, x2);
        if (s.shape().rank() != 0) {
            throw new IllegalArgumentException("the network's output has shape " + s.shape() + " per input: expected a"
                    + " vector (end with flatten or global-avg-pool and a dense readout)");
        }
        return new KernelPair(s.nngpArray(), s.ntkArray());
    }

    /**
     * The fully-connected case (NTK-parameterized dense layers and activations on rows): InfiniteWidth's fused,
     * vectorised row pipeline, whose results {@link #kernels} and {@link #diagonal} return to the last bit.
     */
    private Optional<InfiniteWidth> fused(INDArray x1, INDArray x2) {
        Optional<DenseStack> stack = denseStack();
        if (stack.isPresent() && stack.get().parameterization() == Parameterization.NTK && x1 != null && x2 != null
                && x1.rank() == 2 && x2.rank() == 2) {
            return Optional.of(InfiniteWidth.of(stack.get()));
        }
        return Optional.empty();
    }

    /**
     * Sigma(x_i, x_i) and Theta(x_i, x_i), [N] each: the fused O(N) pass for a fully-connected network on rows,
     * otherwise one 1 x 1 {@link #kernels} pass per input (the cost of the Gram matrix's diagonal entries alone).
     */
    @Override
    public KernelPair diagonal(INDArray x) {
        Optional<InfiniteWidth> fused = fused(x, x);
        if (fused.isPresent()) {
            return fused.get().diagonal(x);
        }
        INDArray a = Checks.points("x", x);
        int n = Math.toIntExact(a.size(0));
        double[] k = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            INDArray xi = Matrices.rows(a, i, i + 1);
            KernelPair p = kernels(xi, xi);
            k[i] = p.nngp().getDouble(0, 0);
            t[i] = p.ntk().getDouble(0, 0);
        }
        return new KernelPair(Nd4j.createFromArray(k), Nd4j.createFromArray(t));
    }

    /** The NNGP as a {@link Kernel} value on inputs of this network (equal for equal networks). */
    public Kernel nngp() {
        return new Part(this, true);
    }

    /** The NTK as a {@link Kernel} value (equal for equal networks). */
    public Kernel ntk() {
        return new Part(this, false);
    }

    /** One of the two kernels as a value: equal when the networks (records of records) are equal. */
    private record Part(Network network, boolean nngp) implements Kernel {
        @Override
        public INDArray gram(INDArray x1, INDArray x2) {
            KernelPair k = network.kernels(x1, x2);
            return nngp ? k.nngp() : k.ntk();
        }

        @Override
        public INDArray diagonal(INDArray x) {
            KernelPair k = network.diagonal(x);
            return nngp ? k.nngp() : k.ntk();
        }

        @Override
        public String toString() {
            return (nngp ? "NNGP kernel of " : "NTK of ") + network;
        }
    }

    /**
     * The same network with every unset hidden width set to {@code hidden} and the last layer's width to
     * {@code outputs} (the number of outputs k).
     *
     * @throws LayerException if the last layer does not choose its width
     */
    public Network withWidths(int hidden, int outputs) {
        Serial s = (Serial) root.withOutputWidth(outputs);
        return new Network((Serial) s.withDefaultWidth(hidden));
    }

    /**
     * This network as a fully-connected {@link DenseStack}, if it is one: dense layers (one parameterization) and
     * activations only, ending with a dense layer. Its kernels are then those of {@code core.limits.InfiniteWidth}
     * (the fused fast path), equal to {@link #kernels} to rounding.
     */
    public Optional<DenseStack> denseStack() {
        Optional<List<org.tangent4j.core.arch.Layer>> stages = root.denseStages();
        if (stages.isEmpty() || stages.get().isEmpty()
                || !(stages.get().get(stages.get().size() - 1) instanceof org.tangent4j.core.arch.Dense)) {
            return Optional.empty();
        }
        Parameterization p = null;
        for (Layer l : root.layers()) {
            if (l instanceof Dense d) {
                if (p != null && p != d.parameterization()) {
                    return Optional.empty();
                }
                p = d.parameterization();
            }
        }
        return Optional.of(new DenseStack(stages.get(), p));
    }
}
