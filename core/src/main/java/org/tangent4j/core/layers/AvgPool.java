package org.tangent4j.core.layers;

import java.util.Arrays;

/**
 * Average pooling over a window, per channel: y(p) = (1/F) sum_a x(s p + a - pad) (zero-padded taps count in the
 * divisor F, as neural-tangents' default). Infinite width: K'(p, q) = (1/F^2) sum_{a, b} K(s p + a - pad,
 * s q + b - pad), Theta likewise; needs every pair of positions of its input.
 *
 * @param window the window extents, one per spatial axis
 * @param strides the strides
 * @param padding SAME, VALID or CIRCULAR
 */
public record AvgPool(int[] window, int[] strides, Padding padding) implements Layer {

    public AvgPool {
        window = Conv.positiveList("window", window);
        strides = Conv.positiveList("strides", strides);
        if (window.length != strides.length || padding == null) {
            throw new IllegalArgumentException("strides = " + Arrays.toString(strides) + ", padding = " + padding
                    + " for window " + Arrays.toString(window) + ": expected one stride per window dimension and a padding");
        }
    }

    @Override
    public int[] window() {
        return window.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public String name() {
        return "avg-pool " + Arrays.toString(window) + " " + padding.id();
    }

    private Window slide(Shape input) {
        return new Window("window", input.spatial(), window, strides, padding);
    }

    @Override
    public Shape outputShape(Shape input) {
        return new Shape(slide(input).outExtents, input.channels());
    }

    @Override
    public KernelState kernel(KernelState input) {
        Window w = slide(input.shape());
        Shape out = new Shape(w.outExtents, input.shape().channels());
        if (input.positions() > 1 && !input.fullSpatial()) {
            throw new LayerException("needs the covariances between all pairs of positions, but the state keeps only the"
                    + " spatial diagonal: expected a state built with fullSpatial = true (Architecture decides this)");
        }
        return input.mapPairs(out, true, w::poolMean);
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvgPool a && Arrays.equals(a.window, window) && Arrays.equals(a.strides, strides)
                && a.padding == padding;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(window) * 31 + Arrays.hashCode(strides) + padding.hashCode();
    }

    @Override
    public String toString() {
        return "AvgPool[window=" + Arrays.toString(window) + ", strides=" + Arrays.toString(strides) + ", padding="
                + padding + "]";
    }
}
