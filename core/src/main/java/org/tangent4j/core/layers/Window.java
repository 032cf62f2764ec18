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
    /**
     * The filter's sum along axis 0 as maps of flat rows over (r1, b2) (one per offset d1): rows0[d1] takes a row over
     * input positions (b1, b2) to (r1, b2) with b1 = src0(r1, d1). Along axis 1, rows1[d2] takes a row over (r1, b2)
     * to (r1, r2) with b2 = src1(r2, d2).
     */
    private final RowMap[] rows0;
    private final RowMap[] rows1;
    /** Per thread: rows for the terms of a sum, then the result rows of the NNGP and the NTK and one more. */
    private final ThreadLocal<double[][]> scratch;
    private final int[] in2;
    private final int[] out2;

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
        int[] stride2 = r == 2 ? strides.clone() : r == 1 ? new int[] {strides[0], 1} : new int[] {1, 1};
        this.src = new int[2][][];
        for (int a = 0; a < 2; a++) {
            src[a] = new int[w2[a]][out2[a]];
            for (int dd = 0; dd < w2[a]; dd++) {
                for (int oo = 0; oo < out2[a]; oo++) {
                    src[a][dd][oo] = r == 0 ? 0 : padding.source(oo, dd, in2[a], w2[a], stride2[a]);
                }
            }
        }
        int win = in2[1];
        int wo = out2[1];
        this.rows0 = new RowMap[w2[0]];
        for (int dd = 0; dd < w2[0]; dd++) {
            int[] s0 = src[0][dd];
            rows0[dd] = RowMap.of(out2[0] * win, q -> s0[q / win] < 0 ? -1 : s0[q / win] * win + q % win);
        }
        this.rows1 = new RowMap[w2[1]];
        for (int dd = 0; dd < w2[1]; dd++) {
            int[] s1 = src[1][dd];
            rows1[dd] = RowMap.of(out2[0] * wo, q -> s1[q % wo] < 0 ? -1 : q / wo * win + s1[q % wo]);
        }
        int width = Math.max(out2[0] * win, pout);
        int terms = Math.max(w2[0], w2[1]);
        this.scratch = ThreadLocal.withInitial(() -> new double[terms + 3][width]);
    }

    /**
     * A map of flat rows, out[q] = in[src(q)] for q &lt; n (0 where src(q) = -1), as runs of q on which
     * src(q) = q + shift, copied with {@code System.arraycopy}; a run may have holes (q without a source inside it, as
     * zero padding leaves at the edge of every image row), which are zeroed after the copy. (A shifted read
     * {@code in[q + shift]} in a loop keeps HotSpot 17 from vectorising it; the copies let every arithmetic loop index
     * all its arrays by the same q.)
     */
    private record RowMap(int[] runs, int[] holes) {

        /** The runs {q0, q1, shift} of src over [0, n), each as long as one shift allows, and their holes. */
        static RowMap of(int n, java.util.function.IntUnaryOperator src) {
            java.util.List<int[]> list = new java.util.ArrayList<>();
            java.util.List<Integer> holes = new java.util.ArrayList<>();
            int[] run = null;
            for (int q = 0; q < n; q++) {
                int from = src.applyAsInt(q);
                if (from < 0) {
                    continue;
                }
                if (run != null && from == q + run[2]) {
                    for (int h = run[1]; h < q; h++) {
                        holes.add(h);
                    }
                    run[1] = q + 1;
                } else {
                    run = new int[] {q, q + 1, from - q};
                    list.add(run);
                }
            }
            return new RowMap(list.stream().flatMapToInt(Arrays::stream).toArray(),
                    holes.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Whether src(q) = q for every q &lt; n, on a source row of length n. */
        boolean identity(int length, int n) {
            return length == n && runs.length == 3 && runs[0] == 0 && runs[1] == n && runs[2] == 0 && holes.length == 0;
        }

        /**
         * out[q - from] = in[inOff + src(q)] (or 0) for q in [from, to): the row from column {@code from} on, at 0;
         * a negative {@code inOff} reads a source row held from column -inOff on.
         */
        void copyTo(double[] in, int inOff, double[] out, int from, int to) {
            int q = from;
            for (int r = 0; r < runs.length; r += 3) {
                // a row held from a later column on (inOff < 0): the run's first entries may be holes whose source
                // lies before it
                int q0 = Math.max(Math.max(from, runs[r]), -(inOff + runs[r + 2]));
                int q1 = Math.min(to, runs[r + 1]);
                if (q0 >= q1) {
                    continue;
                }
                if (q0 > q) {
                    Arrays.fill(out, q - from, q0 - from, 0.0);
                }
                System.arraycopy(in, inOff + q0 + runs[r + 2], out, q0 - from, q1 - q0);
                q = q1;
            }
            if (q < to) {
                Arrays.fill(out, q - from, to - from, 0.0);
            }
            for (int h : holes) {
                if (h >= from && h < to) {
                    out[h - from] = 0.0;
                }
            }
        }
    }

    /** r[q] = b[0][q] + b[1][q] + ... + b[n - 1][q] (added in this order) for q &lt; len, n &gt;= 0. */
    private static void sum(double[][] b, int n, double[] r, int len) {
        if (n == 0) {
            Arrays.fill(r, 0, len, 0.0);
            return;
        }
        double[] b0 = b[0];
        if (n == 1) {
            System.arraycopy(b0, 0, r, 0, len);
            return;
        }
        double[] b1 = b[1];
        if (n == 2) {
            for (int q = 0; q < len; q++) {
                r[q] = b0[q] + b1[q];
            }
            return;
        }
        double[] b2 = b[2];
        for (int q = 0; q < len; q++) {
            r[q] = b0[q] + b1[q] + b2[q];
        }
        for (int i = 3; i < n; i++) {
            double[] bi = b[i];
            for (int q = 0; q < len; q++) {
                r[q] += bi[q];
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
     * F1 F2 adds per entry): along axis 0, T((o1, a2), (r1, b2)) = sum_{d1} in((src0(o1, d1), a2), (src0(r1, d1), b2))
     * for the W_in rows of one o1 at a time (they stay in L2), then along axis 1,
     * m((o1, o2), (r1, r2)) = sum_{d2} T((o1, src1(o2, d2)), (r1, src1(r2, d2))); every inner loop runs over a whole
     * row ({@link RowMap}), and every row is held from its first computed column on at index 0 (the loops that follow
     * index all their arrays alike). With {@code self} (symmetric input) only the columns r1 &gt;= o1 are computed (the
     * upper block triangle, which reads only the upper block triangle of the input unless the padding is circular), and
     * the rest is mirrored if {@code mirror}. Each output row goes to {@code sink} (if not null) before it is stored.
     */
    void filter(boolean full, double[] k, double[] t, int inOff, double[] kOut, double[] tOut, int outOff, boolean self,
            boolean mirror, Affine.Step step, KernelState.RowSink sink) {
        double inv = 1.0 / size;
        int win = in2[1];
        int ho = out2[0];
        int wo = out2[1];
        int qt = ho * win;
        int pout = outPositions;
        double[][] sc = scratch.get();
        double[][] terms = sc;
        double[] rk = sc[sc.length - 3];
        double[] rt = sc[sc.length - 2];
        if (!full) {
            double[] m = sc[sc.length - 1];
            diagonal(k, inOff, terms, m, rk);
            if (t != null) {
                diagonal(t, inOff, terms, m, rt);
            }
            step.apply(inv, rk, rt, 0, pout);
            if (sink != null) {
                sink.row(-1, 0, rk, t == null ? null : rt, pout);
            }
            System.arraycopy(rk, 0, kOut, outOff, pout);
            if (t != null) {
                System.arraycopy(rt, 0, tOut, outOff, pout);
            }
            return;
        }
        double[][] mk = new double[win][qt];
        double[][] mt = t == null ? null : new double[win][qt];
        for (int o1 = 0; o1 < ho; o1++) {
            int colT = self ? o1 * win : 0;
            int colOut = self ? o1 * wo : 0;
            int len = pout - colOut;
            band(k, inOff, o1, colT, terms, mk);
            if (t != null) {
                band(t, inOff, o1, colT, terms, mt);
            }
            for (int o2 = 0; o2 < wo; o2++) {
                rowSum(mk, o2, colT, colOut, terms, rk);
                if (t != null) {
                    rowSum(mt, o2, colT, colOut, terms, rt);
                }
                step.apply(inv, rk, rt, 0, len);
                if (sink != null) {
                    sink.row(o1 * wo + o2, colOut, rk, t == null ? null : rt, len);
                }
                int row = outOff + (o1 * wo + o2) * pout;
                System.arraycopy(rk, 0, kOut, row + colOut, len);
                if (t != null) {
                    System.arraycopy(rt, 0, tOut, row + colOut, len);
                }
            }
        }
        if (self && mirror) {
            KernelState.mirrorLower(kOut, outOff, pout);
            if (tOut != null) {
                KernelState.mirrorLower(tOut, outOff, pout);
            }
        }
    }

    /** The diagonal case: m(o1, a2) = sum_{d1} in(src0(o1, d1), a2), then r(o1, o2) = sum_{d2} m(o1, src1(o2, d2)). */
    private void diagonal(double[] in, int inOff, double[][] terms, double[] m, double[] r) {
        for (int d1 = 0; d1 < rows0.length; d1++) {
            rows0[d1].copyTo(in, inOff, terms[d1], 0, m.length);
        }
        sum(terms, rows0.length, m, m.length);
        for (int d2 = 0; d2 < rows1.length; d2++) {
            rows1[d2].copyTo(m, 0, terms[d2], 0, outPositions);
        }
        sum(terms, rows1.length, r, outPositions);
    }

    /** Rows (o1, a2), a2 &lt; W_in, of the axis-0 sum T, columns from {@code col} on, into band[a2] (column col at 0). */
    private void band(double[] in, int inOff, int o1, int col, double[][] terms, double[][] band) {
        int win = in2[1];
        int qt = out2[0] * win;
        for (int a2 = 0; a2 < win; a2++) {
            int n = 0;
            for (int d1 = 0; d1 < rows0.length; d1++) {
                int a1 = src[0][d1][o1];
                if (a1 >= 0) {
                    rows0[d1].copyTo(in, inOff + (a1 * win + a2) * inPositions, terms[n++], col, qt);
                }
            }
            sum(terms, n, band[a2], qt - col);
        }
    }

    /**
     * r(r1, r2) = sum_{d2} band[src1(o2, d2)](r1, src1(r2, d2)) for columns from {@code col} on (column col at 0), the
     * band's rows held from column {@code colBand} on.
     */
    private void rowSum(double[][] band, int o2, int colBand, int col, double[][] terms, double[] r) {
        double[][] use = new double[rows1.length][];
        int n = 0;
        for (int d2 = 0; d2 < rows1.length; d2++) {
            int a2 = src[1][d2][o2];
            if (a2 >= 0 && colBand == col && rows1[d2].identity(band[a2].length, outPositions)) {
                use[n++] = band[a2]; // the centre tap of a stride-1 window: the row itself
            } else if (a2 >= 0) {
                rows1[d2].copyTo(band[a2], -colBand, terms[n], col, outPositions);
                use[n] = terms[n++];
            }
        }
        sum(use, n, r, outPositions - col);
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
