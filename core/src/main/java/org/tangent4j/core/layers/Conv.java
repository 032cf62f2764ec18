package org.tangent4j.core.layers;

import java.util.Arrays;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;

/**
 * A convolution with shared weights over one or two spatial axes (signals [L, C], images [H, W, C]), any filter,
 * strides and {@link Padding}.
 *
 * <p>NTK parameterization: z = (w_std / sqrt(F C_in)) conv(x, W) + b_std b with W [f_1, (f_2,) C_in, C_out] and b
 * standard normal, F = f_1 f_2 the filter size. Infinite width, for output positions p, q:
 * <pre>
 * K'(p, q)     = w_std^2 (1/F) sum_d K(s p + d - pad, s q + d - pad) + b_std^2
 * Theta'(p, q) = w_std^2 (1/F) sum_d Theta(s p + d - pad, s q + d - pad) + K'(p, q)
 * </pre>
 * (both positions shifted by the same offset d; a zero-padded tap contributes 0, a circular one wraps). Standard
 * parameterization: z = conv(x, W) + b, W ~ N(0, w_std^2 / (F C_in)), b ~ N(0, b_std^2);
 * Theta' = F C_in (1/F) sum_d K(..) + w_std^2 (1/F) sum_d Theta(..) + [b_std &gt; 0].
 *
 * @param filter the filter extents, one per spatial axis
 * @param strides the strides, one per spatial axis
 * @param padding SAME, VALID or CIRCULAR
 * @param wStd w_std &gt;= 0
 * @param bStd b_std &gt;= 0 (0: no bias)
 * @param width C_out, or {@link Shape#UNSET}
 * @param parameterization NTK or standard
 */
public record Conv(int[] filter, int[] strides, Padding padding, double wStd, double bStd, int width,
        Parameterization parameterization) implements BlockLayer {

    public Conv {
        filter = positiveList("filter", filter);
        strides = positiveList("strides", strides);
        if (filter.length != strides.length) {
            throw new IllegalArgumentException("strides = " + Arrays.toString(strides) + " for filter "
                    + Arrays.toString(filter) + ": expected one stride per filter dimension");
        }
        if (padding == null || parameterization == null) {
            throw new IllegalArgumentException("padding = " + padding + ", parameterization = " + parameterization
                    + ": expected both");
        }
        Checks.nonNegative("wStd", wStd);
        Checks.nonNegative("bStd", bStd);
        if (width < 0) {
            throw new IllegalArgumentException("width = " + width + ": expected > 0, or 0 (unset)");
        }
    }

    /** A 2-D convolution, stride 1, NTK parameterization, width chosen when realized. */
    public static Conv of(int fh, int fw, Padding padding, double wStd, double bStd) {
        return new Conv(new int[] {fh, fw}, new int[] {1, 1}, padding, wStd, bStd, Shape.UNSET, Parameterization.NTK);
    }

    static int[] positiveList(String name, int[] v) {
        if (v == null || v.length == 0 || v.length > 2) {
            throw new IllegalArgumentException(name + " = " + Arrays.toString(v) + ": expected one or two positive"
                    + " integers (1-D or 2-D)");
        }
        for (int x : v) {
            if (x <= 0) {
                throw new IllegalArgumentException(name + " = " + Arrays.toString(v) + ": expected positive integers");
            }
        }
        return v.clone();
    }

    @Override
    public int[] filter() {
        return filter.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public String name() {
        return "conv " + Arrays.toString(filter) + " " + padding.id();
    }

    Window window(Shape input) {
        return new Window("filter", input.spatial(), filter, strides, padding);
    }

    @Override
    public Shape outputShape(Shape input) {
        return new Shape(window(input).outExtents, width);
    }

    @Override
    public KernelState kernel(KernelState input) {
        return input.apply(blocks(input.shape(), input.fullSpatial()));
    }

    @Override
    public KernelState.Blocks blocks(Shape input, boolean full) {
        Window w = window(input);
        int fanIn = Affine.fanIn(parameterization, input, w.size);
        Affine.Step step = Affine.step(parameterization, wStd, bStd, fanIn);
        // zero-padded or unpadded windows keep both positions' order, so the upper block triangle of a symmetric block
        // reads only that of its input; circular windows wrap, read the whole block and write it whole
        boolean upper = padding != Padding.CIRCULAR;
        return new KernelState.Blocks(new Shape(w.outExtents, width), full,
                (k, t, inOff, ko, to, outOff, self, sink) -> w.filter(full, k, t, inOff, ko, to, outOff, self, !upper,
                        step, sink),
                (k, t, inOff, ko, to, outOff, self, sink) -> w.filter(false, k, t, inOff, ko, to, outOff, self, false,
                        step, sink),
                upper, true, true);
    }

    @Override
    public Layer withDefaultWidth(int w) {
        return width == Shape.UNSET ? withOutputWidth(w) : this;
    }

    @Override
    public Layer withOutputWidth(int w) {
        return new Conv(filter, strides, padding, wStd, bStd, Checks.positive("width", w), parameterization);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv c && Arrays.equals(c.filter, filter) && Arrays.equals(c.strides, strides)
                && c.padding == padding && Double.compare(c.wStd, wStd) == 0 && Double.compare(c.bStd, bStd) == 0
                && c.width == width && c.parameterization == parameterization;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(filter) * 31 + Arrays.hashCode(strides) + padding.hashCode() + width;
    }

    @Override
    public String toString() {
        return "Conv[filter=" + Arrays.toString(filter) + ", strides=" + Arrays.toString(strides) + ", padding=" + padding
                + ", wStd=" + wStd + ", bStd=" + bStd + ", width=" + width + ", " + parameterization + "]";
    }
}
