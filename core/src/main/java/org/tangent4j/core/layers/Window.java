package org.tangent4j.core.layers;

import java.util.Arrays;

/**
 * A window (filter or pooling window) slid over a spatial grid: for every output position p and window offset d the
 * flat input position it reads ({@code -1} for a zero-padded tap). Positions are flattened row-major.
 */
final class Window {

    final int[] inExtents;
    final int[] outExtents;
    final int inPositions;
    final int outPositions;
    /** F, the number of offsets in the window. */
    final int size;
    /** taps[p * size + d]: the input position read by output p at offset d, or -1. */
    final int[] taps;

    /**
     * @throws LayerException naming the dimension when a VALID window is larger than the input, or the ranks differ
     */
    Window(String what, int[] in, int[] window, int[] strides, Padding padding) {
        if (window.length != in.length || strides.length != in.length) {
            throw new LayerException(what + " " + Arrays.toString(window) + " with strides " + Arrays.toString(strides)
                    + " has " + window.length + " spatial dimension(s) but the input has " + in.length + " (extents "
                    + Arrays.toString(in) + "): expected a " + (in.length == 0 ? "spatial input (an image or a signal),"
                    + " not a vector" : in.length + "-dimensional window"));
        }
        int r = in.length;
        for (int a = 0; a < r; a++) {
            if (padding == Padding.VALID && window[a] > in[a]) {
                throw new LayerException(what + " " + Arrays.toString(window) + " is larger than the input "
                        + Arrays.toString(in) + " along spatial axis " + a + " (" + window[a] + " > " + in[a]
                        + ") with VALID padding: expected a window of at most the input extent, or SAME/CIRCULAR padding");
            }
        }
        this.inExtents = in.clone();
        this.outExtents = new int[r];
        int pin = 1;
        int pout = 1;
        int f = 1;
        for (int a = 0; a < r; a++) {
            outExtents[a] = padding.outputExtent(in[a], window[a], strides[a]);
            pin *= in[a];
            pout *= outExtents[a];
            f *= window[a];
        }
        this.inPositions = pin;
        this.outPositions = pout;
        this.size = f;
        this.taps = new int[pout * f];
        int[] o = new int[r];
        int[] d = new int[r];
        for (int p = 0; p < pout; p++) {
            unravel(p, outExtents, o);
            for (int k = 0; k < f; k++) {
                unravel(k, window, d);
                int flat = 0;
                for (int a = 0; a < r && flat >= 0; a++) {
                    int i = padding.source(o[a], d[a], in[a], window[a], strides[a]);
                    flat = i < 0 ? -1 : flat * in[a] + i;
                }
                taps[p * f + k] = flat;
            }
        }
    }

    private static void unravel(int flat, int[] extents, int[] out) {
        for (int a = extents.length - 1; a >= 0; a--) {
            out[a] = flat % extents[a];
            flat /= extents[a];
        }
    }

    /**
     * The filter map of a convolution on one pair's spatial block: out[p] = (1/F) sum_d in[tap(p, d)] on the diagonal,
     * out[p, q] = (1/F) sum_d in[tap(p, d), tap(q, d)] on the full block (both positions shifted by the same offset;
     * zero-padded taps contribute 0).
     */
    void filterMean(boolean full, double[] in, int inOff, double[] out, int outOff) {
        double inv = 1.0 / size;
        if (!full) {
            for (int p = 0; p < outPositions; p++) {
                double s = 0;
                for (int k = 0; k < size; k++) {
                    int t = taps[p * size + k];
                    if (t >= 0) {
                        s += in[inOff + t];
                    }
                }
                out[outOff + p] = s * inv;
            }
            return;
        }
        int pin = inPositions;
        for (int p = 0; p < outPositions; p++) {
            int rowOut = outOff + p * outPositions;
            for (int q = 0; q < outPositions; q++) {
                double s = 0;
                for (int k = 0; k < size; k++) {
                    int a = taps[p * size + k];
                    int b = taps[q * size + k];
                    if (a >= 0 && b >= 0) {
                        s += in[inOff + a * pin + b];
                    }
                }
                out[rowOut + q] = s;
            }
        }
        for (int e = 0; e < outPositions * outPositions; e++) {
            out[outOff + e] *= inv;
        }
    }

    /** The pooling map on one pair's full block: out[p, q] = (1/F^2) sum_{a, b} in[tap(p, a), tap(q, b)]. */
    void poolMean(double[] in, int inOff, double[] out, int outOff) {
        int pin = inPositions;
        double[] rows = new double[size * pin];
        double inv = 1.0 / ((double) size * size);
        for (int p = 0; p < outPositions; p++) {
            // rows[b][j] = sum_a in[tap(p, a), j]
            Arrays.fill(rows, 0, pin, 0.0);
            for (int a = 0; a < size; a++) {
                int ta = taps[p * size + a];
                if (ta >= 0) {
                    for (int j = 0; j < pin; j++) {
                        rows[j] += in[inOff + ta * pin + j];
                    }
                }
            }
            for (int q = 0; q < outPositions; q++) {
                double s = 0;
                for (int b = 0; b < size; b++) {
                    int tb = taps[q * size + b];
                    if (tb >= 0) {
                        s += rows[tb];
                    }
                }
                out[outOff + p * outPositions + q] = s * inv;
            }
        }
    }
}
