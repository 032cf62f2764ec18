package org.tangent4j.core.layers;

import java.util.List;
import java.util.Optional;

/**
 * One layer of an architecture, independent of its width: it knows its output shape and how it transforms the
 * infinite-width {@link KernelState}. (Its finite SameDiff form lives in {@code autodiff.layers}, so that core stays
 * free of SameDiff.) Combinators ({@link Serial}, {@link FanInSum}, {@link FanInConcat}, {@link Residual}) are layers
 * too; a user's own layer implements this interface and nothing else needs to know about it.
 *
 * <p>Failures are {@link LayerException}s; combinators add the layer's place in the description to the message.
 */
public interface Layer {

    /** A short name for messages, e.g. {@code conv [3, 3] same} or {@code activation relu}. */
    String name();

    /**
     * The per-input shape of the output for this input shape.
     *
     * @throws LayerException if the layer is not defined on this input
     */
    Shape outputShape(Shape input);

    /**
     * The infinite-width transform of the state (NNGP, NTK, each input's covariances, flags).
     *
     * @throws LayerException if the layer is not defined on this input (e.g. an activation on non-Gaussian values)
     */
    KernelState kernel(KernelState input);

    /**
     * Whether this layer needs every pair of spatial positions in its input, given whether the layers after it need
     * them in its output. Pooling layers answer true; layers acting position by position (affine maps with shared
     * weights, activations) pass the question on; a readout that forgets space (Flatten) answers false.
     */
    default boolean needsFullSpatial(boolean outputNeedsFull) {
        return outputNeedsFull;
    }

    /** The same layer with every hidden width that is not set yet set to {@code width} (layers without one: itself). */
    default Layer withDefaultWidth(int width) {
        return this;
    }

    /**
     * The same layer whose output has {@code width} channels: the readout of a network with {@code width} outputs.
     *
     * @throws LayerException if this layer does not choose its output width (only affine layers do)
     */
    default Layer withOutputWidth(int width) {
        throw new LayerException(name() + " does not choose its output width: expected the network to end with a"
                + " dense layer, whose width is the number of outputs");
    }

    /**
     * This layer as stages of a fully-connected {@code core.arch.DenseStack}, if it is one of them (a Dense on vectors,
     * an activation, or a serial of such): the case with the fused fast path of {@code core.limits.InfiniteWidth}.
     */
    default Optional<List<org.tangent4j.core.arch.Layer>> denseStages() {
        return Optional.empty();
    }
}
