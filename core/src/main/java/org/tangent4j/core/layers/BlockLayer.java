package org.tangent4j.core.layers;

/**
 * A layer whose kernel step is one {@link KernelState.Blocks} map (a convolution: a linear spatial map and its affine
 * step), so that {@link Serial} can run an {@link EntryLayer} after it in the same pass over the state
 * ({@link KernelState#apply(KernelState.Blocks, KernelState.Entries)}, the same values to the last bit), and several
 * such layers one after the other on each pair's block while it is in cache
 * ({@link KernelState#apply(java.util.List)}). Its {@link Layer#kernel} is
 * {@code input.apply(blocks(input.shape(), input.fullSpatial()))}.
 */
interface BlockLayer extends Layer {

    /**
     * The step on values of this shape (which {@link #outputShape} has accepted).
     *
     * @param full whether the input keeps every pair of positions
     */
    KernelState.Blocks blocks(Shape input, boolean full);
}
