package org.tangent4j.core.layers;

/**
 * A layer whose kernel step is one {@link KernelState.Entries} map (an activation, a normalisation), which
 * {@link Serial} can run in the same pass as a {@link BlockLayer} before it. Entry by entry, it keeps the shape.
 */
interface EntryLayer extends Layer {

    /** The input shape: an entrywise map keeps it. */
    @Override
    default Shape outputShape(Shape input) {
        return input;
    }

    /** {@code input.apply(entries(input.shape(), input.gaussian(), input.independent()))}. */
    @Override
    default KernelState kernel(KernelState input) {
        return input.apply(entries(input.shape(), input.gaussian(), input.independent()));
    }

    /**
     * The step on values of this shape and these flags.
     *
     * @throws LayerException if the layer is not defined on such values (e.g. an activation on non-Gaussian ones)
     */
    KernelState.Entries entries(Shape shape, boolean gaussian, boolean independent);
}
