package org.tangent4j.core.layers;

/**
 * A layer whose kernel step is one {@link KernelState.Blocks} map (a convolution: a linear spatial map and its affine
 * step), so that {@link Serial} can run an {@link EntryLayer} after it in the same pass over the state
 * ({@link KernelState#apply(KernelState.Blocks, KernelState.Entries)}, the same values to the last bit). Its
 * {@link Layer#kernel} is {@code input.apply(blocks(input))}.
 */
interface BlockLayer extends Layer {

    /** The step on this input (whose shape {@link #outputShape} has accepted). */
    KernelState.Blocks blocks(KernelState input);
}
