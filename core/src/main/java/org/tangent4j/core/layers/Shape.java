package org.tangent4j.core.layers;

import java.util.Arrays;

/**
 * The shape of one input to a layer, without the batch axis: spatial extents (none for vectors, [L] for signals,
 * [H, W] for images) and a channel count (the last axis; the features of a vector).
 *
 * <p>A channel count of {@link #UNSET} means a hidden width not chosen yet: the NTK-parameterization kernels do not
 * depend on it, the standard-parameterization NTK and finite networks do.
 *
 * @param spatial the spatial extents, each &gt; 0 (a copy is kept)
 * @param channels C &gt; 0, or {@link #UNSET}
 */
public record Shape(int[] spatial, int channels) {

    /** The channel count of a hidden layer whose width is not chosen yet. */
    public static final int UNSET = 0;

    public Shape {
        spatial = spatial.clone();
        for (int i = 0; i < spatial.length; i++) {
            if (spatial[i] <= 0) {
                throw new IllegalArgumentException("spatial[" + i + "] = " + spatial[i] + ": expected a positive extent");
            }
        }
        if (channels < 0) {
            throw new IllegalArgumentException("channels = " + channels + ": expected > 0 or UNSET (0)");
        }
    }

    /** A vector of d features. */
    public static Shape vector(int features) {
        return new Shape(new int[0], features);
    }

    /** An [H, W, C] image. */
    public static Shape image(int height, int width, int channels) {
        return new Shape(new int[] {height, width}, channels);
    }

    /** An [L, C] signal. */
    public static Shape signal(int length, int channels) {
        return new Shape(new int[] {length}, channels);
    }

    /** The shape of one input row of x: [N, d] is a vector, [N, L, C] a signal, [N, H, W, C] an image. */
    public static Shape ofInput(long[] arrayShape) {
        if (arrayShape.length < 2) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(arrayShape)
                    + ": expected [N, d] vectors, [N, L, C] signals or [N, H, W, C] images");
        }
        int[] s = new int[arrayShape.length - 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(arrayShape[i + 1]);
        }
        return new Shape(s, Math.toIntExact(arrayShape[arrayShape.length - 1]));
    }

    /** The spatial extents (a copy). */
    @Override
    public int[] spatial() {
        return spatial.clone();
    }

    /** The number of spatial dimensions (0 for a vector). */
    public int rank() {
        return spatial.length;
    }

    /** The extent of spatial dimension i. */
    public int extent(int i) {
        return spatial[i];
    }

    /** P, the number of spatial positions (1 for a vector). */
    public int positions() {
        int p = 1;
        for (int s : spatial) {
            p *= s;
        }
        return p;
    }

    /** Whether the channel count is known. */
    public boolean hasChannels() {
        return channels != UNSET;
    }

    /** The same spatial extents with another channel count. */
    public Shape withChannels(int c) {
        return new Shape(spatial, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.channels == channels && Arrays.equals(s.spatial, spatial);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(spatial) + channels;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int s : spatial) {
            b.append(s).append(", ");
        }
        return b.append(channels == UNSET ? "width" : String.valueOf(channels)).append(']').toString();
    }
}
