package org.tangent4j.core.layers;

/**
 * A layer whose kernel step is one {@link KernelState.Blocks} map (a convolution: a linear spatial map and its affine
 * step), so that {@link Serial} can run it, the {@link EntryLayer} after it and any such layers after those on each
 * pair's block in one pass ({@link KernelState#apply(java.util.List)}, the same values to the last bit). Its
 * {@link Layer#kernel} is {@code input.apply(blocks(input.shape(), input.fullSpatial()))}.
 */
interface BlockLayer extends Layer {

    /**
     * The step on values of this shape (which {@link #outputShape} has accepted).
     *
     * @param full whether the input keeps every pair of positions
     */
    KernelState.Blocks blocks(Shape input, boolean full);
}
