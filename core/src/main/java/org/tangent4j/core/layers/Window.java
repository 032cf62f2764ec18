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
     * The filter map of a convolution followed by its affine step, on one stored block of the NNGP (k) and the NTK (t,
     * or null for cov1, cov2): with the mean over the F offsets d, both positions shifted by the same offset (zero-padded
     * taps contribute 0),
     * <pre>
     * m(p)    = (1/F) sum_d in(tap(p, d))                    (spatial diagonal)
     * m(p, q) = (1/F) sum_d in(tap(p, d), tap(q, d))         (full block)
     * </pre>
     * then {@code step} on (m_K, m_T). The sum over d = (d1, d2) is taken one axis at a time (F1 + F2 instead of
     * F1 F2 adds per entry): first along axis 0, M(o1, a2; r1, b2) = sum_{d1} in(src0(o1, d1), a2; src0(r1, d1), b2),
     * then along axis 1 on M, one (o1, r1) tile of W_in x W_in entries at a time so that M stays in L1; the inner
     * loops are contiguous adds over runs of consecutive sources. With {@code self} (symmetric input) only the tiles
     * r1 &gt;= o1 are computed and the rest is mirrored.
     */
    void filter(boolean full, double[] k, double[] t, int inOff, double[] kOut, double[] tOut, int outOff, boolean self,
            Affine.Step step) {
        double inv = 1.0 / size;
        int win = in2[1];
        int ho = out2[0];
        int wo = out2[1];
        int[][] src0 = src[0];
        if (!full) {
            double[] m = new double[ho * win];
            rowSums(k, inOff, m, kOut, outOff);
            if (t != null) {
                Arrays.fill(m, 0.0);
                rowSums(t, inOff, m, tOut, outOff);
            }
            step.apply(inv, kOut, tOut, outOff, outOff + outPositions);
            return;
        }
        int pin = inPositions;
        int pout = outPositions;
        double[] m = new double[win * win];
        for (int o1 = 0; o1 < ho; o1++) {
            for (int r1 = self ? o1 : 0; r1 < ho; r1++) {
                tile(k, inOff, src0, o1, r1, m, kOut, outOff);
                if (t != null) {
                    tile(t, inOff, src0, o1, r1, m, tOut, outOff);
                }
                for (int o2 = 0; o2 < wo; o2++) {
                    int row = outOff + (o1 * wo + o2) * pout + r1 * wo;
                    step.apply(inv, kOut, tOut, row, row + wo);
                }
            }
        }
        if (self) {
            KernelState.mirrorLower(kOut, outOff, pout);
            if (tOut != null) {
                KernelState.mirrorLower(tOut, outOff, pout);
            }
        }
    }

    /** The diagonal case: m[o1][a2] = sum_{d1} in[src0(o1, d1)][a2], then out[o1][o2] = sum_{d2} m[o1][src1(o2, d2)]. */
    private void rowSums(double[] in, int inOff, double[] m, double[] out, int outOff) {
        int win = in2[1];
        int ho = out2[0];
        int wo = out2[1];
        for (int o1 = 0; o1 < ho; o1++) {
            for (int[] s0 : src[0]) {
                int a1 = s0[o1];
                if (a1 >= 0) {
                    int from = inOff + a1 * win;
                    int to = o1 * win;
                    for (int a2 = 0; a2 < win; a2++) {
                        m[to + a2] += in[from + a2];
                    }
                }
            }
            shiftedSums(m, o1 * win, out, outOff + o1 * wo);
        }
    }

    /**
     * One (o1, r1) tile of a full block: m[a2][b2] = sum_{d1} in[(src0(o1, d1), a2), (src0(r1, d1), b2)], then for each
     * o2, out[(o1, o2), (r1, .)] += sum_{d2} m[src1(o2, d2)][src1(., d2)].
     */
    private void tile(double[] in, int inOff, int[][] src0, int o1, int r1, double[] m, double[] out, int outOff) {
        int win = in2[1];
        int wo = out2[1];
        int pin = inPositions;
        int pout = outPositions;
        Arrays.fill(m, 0.0);
        for (int[] s0 : src0) {
            int a1 = s0[o1];
            int b1 = s0[r1];
            if (a1 < 0 || b1 < 0) {
                continue;
            }
            int base = inOff + a1 * win * pin + b1 * win;
            for (int a2 = 0; a2 < win; a2++) {
                int from = base + a2 * pin;
                int to = a2 * win;
                for (int b2 = 0; b2 < win; b2++) {
                    m[to + b2] += in[from + b2];
                }
            }
        }
        for (int o2 = 0; o2 < wo; o2++) {
            int[][] s1 = src[1];
            int row = outOff + (o1 * wo + o2) * pout + r1 * wo;
            for (int d2 = 0; d2 < s1.length; d2++) {
                int a2 = s1[d2][o2];
                if (a2 >= 0) {
                    addRuns(m, a2 * win, runs[1][d2], out, row);
                }
            }
        }
    }

    /** out[outOff + o2] = sum_{d2} m[mOff + src1(o2, d2)] for o2 &lt; W_out (out zero on entry). */
    private void shiftedSums(double[] m, int mOff, double[] out, int outOff) {
        for (int d2 = 0; d2 < runs[1].length; d2++) {
            addRuns(m, mOff, runs[1][d2], out, outOff);
        }
    }

    /** out[outOff + q] += m[mOff + src + s (q - q0)] over the runs {q0, q1, src} of one axis-1 offset. */
    private void addRuns(double[] m, int mOff, int[] run, double[] out, int outOff) {
        int s1 = stride2[1];
        for (int r = 0; r < run.length; r += 3) {
            int q0 = run[r];
            int qe = run[r + 1];
            int i0 = mOff + run[r + 2] - q0 * s1;
            if (s1 == 1) {
                for (int q = q0; q < qe; q++) {
                    out[outOff + q] += m[i0 + q];
                }
            } else {
                for (int q = q0; q < qe; q++) {
                    out[outOff + q] += m[i0 + s1 * q];
                }
            }
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
