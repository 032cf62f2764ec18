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
    /** Per axis (as 2-D: a 1-D window has a second axis of extent 1): src[axis][d][o], the input index or -1. */
    private final int[][][] src;
    /** Per axis and offset: runs {oStart, oEnd, srcStart} of outputs whose sources are srcStart + s (o - oStart). */
    private final int[][][] runs;
    private final int[] in2;
    private final int[] out2;
    private final int[] stride2;

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
        this.in2 = r == 2 ? in.clone() : r == 1 ? new int[] {in[0], 1} : new int[] {1, 1};
        this.out2 = r == 2 ? outExtents.clone() : r == 1 ? new int[] {outExtents[0], 1} : new int[] {1, 1};
        int[] w2 = r == 2 ? window.clone() : r == 1 ? new int[] {window[0], 1} : new int[] {1, 1};
        this.stride2 = r == 2 ? strides.clone() : r == 1 ? new int[] {strides[0], 1} : new int[] {1, 1};
        this.src = new int[2][][];
        this.runs = new int[2][][];
        for (int a = 0; a < 2; a++) {
            src[a] = new int[w2[a]][out2[a]];
            runs[a] = new int[w2[a]][];
            for (int dd = 0; dd < w2[a]; dd++) {
                java.util.List<int[]> list = new java.util.ArrayList<>();
                for (int oo = 0; oo < out2[a]; oo++) {
                    int i = r == 0 ? 0 : padding.source(oo, dd, in2[a], w2[a], stride2[a]);
                    src[a][dd][oo] = i;
                    int[] last = list.isEmpty() ? null : list.get(list.size() - 1);
                    if (i >= 0 && last != null && last[1] == oo && last[2] + stride2[a] * (oo - last[0]) == i) {
                        last[1] = oo + 1;
                    } else if (i >= 0) {
                        list.add(new int[] {oo, oo + 1, i});
                    }
                }
                runs[a][dd] = list.stream().flatMapToInt(java.util.Arrays::stream).toArray();
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
        // Full block, by tap (d1, d2): out[p, q] += in[src(p), src(q)], with q2 walked along runs of consecutive
        // sources so that the innermost loop is a contiguous (vectorisable) add for stride 1.
        int pin = inPositions;
        int pout = outPositions;
        java.util.Arrays.fill(out, outOff, outOff + pout * pout, 0.0);
        int h0 = out2[0];
        int w0 = out2[1];
        int win = in2[1];
        int s1 = stride2[1];
        for (int p1 = 0; p1 < h0; p1++) {
            for (int p2 = 0; p2 < w0; p2++) {
                int rowOut = outOff + (p1 * w0 + p2) * pout; // this output row stays in cache over the taps
                for (int d1 = 0; d1 < src[0].length; d1++) {
                    int[] a1s = src[0][d1];
                    int a1 = a1s[p1];
                    if (a1 < 0) {
                        continue;
                    }
                    for (int d2 = 0; d2 < src[1].length; d2++) {
                        int a2 = src[1][d2][p2];
                        if (a2 < 0) {
                            continue;
                        }
                        int[] run = runs[1][d2];
                        int rowIn = inOff + (a1 * win + a2) * pin;
                        for (int q1 = 0; q1 < h0; q1++) {
                            int b1 = a1s[q1];
                            if (b1 < 0) {
                                continue;
                            }
                            int bi = rowIn + b1 * win;
                            int bo = rowOut + q1 * w0;
                            for (int r = 0; r < run.length; r += 3) {
                                int q0 = run[r];
                                int qe = run[r + 1];
                                int i0 = bi + run[r + 2] - q0 * s1;
                                if (s1 == 1) {
                                    for (int q2 = q0; q2 < qe; q2++) {
                                        out[bo + q2] += in[i0 + q2];
                                    }
                                } else {
                                    for (int q2 = q0; q2 < qe; q2++) {
                                        out[bo + q2] += in[i0 + s1 * q2];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int e = 0; e < pout * pout; e++) {
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
