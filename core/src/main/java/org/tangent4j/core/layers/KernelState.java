package org.tangent4j.core.layers;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/**
 * The infinite-width state between two layers, for inputs x1 (N1 of them) and x2 (N2): the NNGP covariance
 * K(x1_i, p; x2_j, q) and the NTK Theta(x1_i, p; x2_j, q) of the pre-activations (or activations) at spatial positions
 * p, q, each input's own covariance (cov1 = K(x1_i, .; x1_i, .), cov2 likewise), the per-input {@link Shape}, and two
 * flags that say what the values are.
 *
 * <p>Layout: positions are flattened row-major (P of them). With {@link #fullSpatial()} every pair of positions is
 * kept (P^2 entries per pair of inputs, index p P + q); otherwise only the spatial diagonal p = q (P entries, index p),
 * which is all that an architecture without pooling needs (a Flatten readout reads only the diagonal). Each stored
 * pair of inputs has one block of these entries; cov1 and cov2 have one block per input.
 *
 * <p>When x1 and x2 are the same array the state is {@link #symmetric()}: cov2 is cov1, and only the pairs i &lt;= j
 * are stored (block m for the m-th such pair in row-major order); K(x_j, p; x_i, q) = K(x_i, q; x_j, p) gives the
 * others. A block (i, i) is symmetric in (p, q), and so are the blocks of cov1 and cov2: each distinct Gaussian
 * expectation is evaluated once. After a convolution or an activation such a symmetric block may hold only its
 * upper block triangle ({@link #upperOnly()}: the entries (p, q) whose image row of q is not before that of p), the
 * entries those layers read; a map that reads every entry gets the block completed first.
 *
 * <p>Instances are immutable: every transform returns a new state (the arrays are never shared with callers). Only a
 * {@link Serial} pass reuses arrays, those of the intermediate states it alone has seen ({@link #recycle}).
 */
public final class KernelState {

    private final int n1;
    private final int n2;
    private final Shape shape;
    private final boolean full;
    private final boolean symmetric;
    private final double[] nngp;
    private final double[] ntk;
    private final double[] cov1;
    private final double[] cov2;
    private final boolean gaussian;
    private final boolean fresh;
    private final boolean upper;

    private KernelState(int n1, int n2, Shape shape, boolean full, boolean symmetric, double[] nngp, double[] ntk,
            double[] cov1, double[] cov2, boolean gaussian, boolean fresh, boolean upper) {
        this.n1 = n1;
        this.n2 = n2;
        this.shape = shape;
        this.full = full;
        this.symmetric = symmetric;
        this.nngp = nngp;
        this.ntk = ntk;
        this.cov1 = symmetric ? null : cov1;
        this.cov2 = symmetric ? null : cov2;
        this.gaussian = gaussian;
        this.fresh = fresh;
        this.upper = upper && full;
    }

    /**
     * Arrays of states that {@link Serial} has passed and no other state shares ({@link #recycle}), taken again by the
     * next layer's result of the same length ({@link #take}) instead of allocating (and zeroing) new ones; at most
     * {@value #SPARES}, per thread, emptied at the end of each {@link Serial} pass ({@link #dropSpares}).
     */
    private static final ThreadLocal<java.util.ArrayDeque<double[]>> SPARE =
            ThreadLocal.withInitial(java.util.ArrayDeque::new);

    private static final int SPARES = 4;

    /** A spare array of this length (holding arbitrary values), or a new one. */
    private static double[] take(int length) {
        java.util.ArrayDeque<double[]> spare = SPARE.get();
        for (java.util.Iterator<double[]> it = spare.iterator(); it.hasNext(); ) {
            double[] a = it.next();
            if (a.length == length) {
                it.remove();
                return a;
            }
        }
        return new double[length];
    }

    /** Whether this state and {@code o} hold a common array. */
    boolean sharesArrays(KernelState o) {
        for (double[] a : new double[][] {nngp, ntk, cov1, cov2}) {
            if (a != null && (a == o.nngp || a == o.ntk || a == o.cov1 || a == o.cov2)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands this state's arrays to the next {@link #take}: only for a state that nothing reads any more and whose
     * arrays no live state shares (see {@link Serial}).
     */
    void recycle() {
        java.util.ArrayDeque<double[]> spare = SPARE.get();
        for (double[] a : new double[][] {nngp, ntk, cov1, cov2}) {
            if (a != null && a.length >= 4096 && !spare.contains(a)) {
                spare.addFirst(a);
                if (spare.size() > SPARES) {
                    spare.removeLast();
                }
            }
        }
    }

    /** Lets the spare arrays of this thread go. */
    static void dropSpares() {
        SPARE.get().clear();
    }

    /** The stored block of the pair (i, j), i &lt;= j, of a symmetric state of n inputs. */
    private static int symmetricBlock(int n, int i, int j) {
        return i * n - i * (i - 1) / 2 + (j - i);
    }

    /**
     * The input state: K0(x, p; x', q) = (1/C) sum_c x[p, c] x'[q, c], Theta0 = 0, not Gaussian (inputs are given
     * data, as in neural-tangents: an activation needs an affine layer before it).
     *
     * @param x1 [N1, d], [N1, L, C] or [N1, H, W, C], finite
     * @param x2 the same shape but the batch axis (pass x1 itself for the symmetric Gram matrix at about half the cost)
     * @param fullSpatial keep every pair of positions (needed when a later layer pools)
     * @throws IllegalArgumentException naming the argument for non-finite entries or mismatched shapes
     */
    public static KernelState input(INDArray x1, INDArray x2, boolean fullSpatial) {
        boolean sym = x1 == x2;
        double[] a = values("x1", x1);
        double[] b = sym ? a : values("x2", x2);
        Shape s1 = Shape.ofInput(x1.shape());
        Shape s2 = Shape.ofInput(x2.shape());
        if (!s1.equals(s2)) {
            throw new IllegalArgumentException("x2 has per-input shape " + s2 + " but x1 has " + s1
                    + ": expected the same shape for both (only the batch axis may differ)");
        }
        int n1 = Math.toIntExact(x1.size(0));
        int n2 = Math.toIntExact(x2.size(0));
        int p = s1.positions();
        int c = s1.channels();
        boolean fullSp = fullSpatial && p > 1;
        int e = fullSp ? p * p : p;
        long total = (long) n1 * n2 * e;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("x1, x2: N1 x N2 x " + (fullSp ? "P^2" : "P") + " = " + n1 + " x " + n2
                    + " x " + e + " kernel entries, expected at most 2^31 - 1; compute the Gram matrix in blocks of rows");
        }
        int[] pi = pairsI(n1, n2, sym);
        int[] pj = pairsJ(n1, n2, sym);
        double[] at = channelMajor(a, n1, p, c);
        double[] bt = sym ? at : channelMajor(b, n2, p, c);
        double[] k = new double[pi.length * e];
        double[] c1 = sym ? null : new double[n1 * e];
        double[] c2 = sym ? null : new double[n2 * e];
        int own = sym ? 0 : n1 + n2;
        parallel(pi.length + own, (long) e * c, () -> m -> {
            if (m < pi.length) {
                inputBlock(a, pi[m], bt, pj[m], p, c, fullSp, k, m * e);
            } else if (m < pi.length + n1) {
                inputBlock(a, m - pi.length, at, m - pi.length, p, c, fullSp, c1, (m - pi.length) * e);
            } else {
                int j = m - pi.length - n1;
                inputBlock(b, j, bt, j, p, c, fullSp, c2, j * e);
            }
        });
        return new KernelState(n1, n2, s1, fullSp, sym, k, new double[k.length], c1, c2, false, false, false);
    }

    /** x[n][p][c] (row-major) as x[n][c][p]: each channel's values over the positions contiguous. */
    private static double[] channelMajor(double[] x, int n, int p, int c) {
        double[] out = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < p; u++) {
                for (int ch = 0; ch < c; ch++) {
                    out[(i * c + ch) * p + u] = x[(i * p + u) * c + ch];
                }
            }
        }
        return out;
    }

    private static double[] values(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " = null: expected an array of inputs");
        }
        Shape.ofInput(x.shape());
        if (x.size(0) < 1) {
            throw new IllegalArgumentException(name + " has 0 inputs: expected at least one");
        }
        Checks.allFinite(name, x);
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /**
     * K0 of the inputs (i, j): out[off + u P + v] = (sum_c a_i[u, c] b_j[v, c]) / C (only v = u, at off + u, when not
     * {@code full}), the sum in the order of the channels; {@code a} is row-major [N][P][C], {@code bt} channel-major
     * [N][C][P] (see {@link #channelMajor}), so that the loop over v runs over contiguous entries.
     */
    private static void inputBlock(double[] a, int i, double[] bt, int j, int p, int c, boolean full, double[] out,
            int off) {
        int ai = i * p * c;
        int bj = j * c * p;
        for (int u = 0; u < p; u++) {
            int q0 = full ? 0 : u;
            int q1 = full ? p : u + 1;
            int row = off + (full ? u * p : u - q0);
            Arrays.fill(out, row + q0, row + q1, 0.0);
            for (int ch = 0; ch < c; ch++) {
                double x = a[ai + u * c + ch];
                int col = bj + ch * p;
                for (int v = q0; v < q1; v++) {
                    out[row + v] += x * bt[col + v];
                }
            }
            for (int v = q0; v < q1; v++) {
                out[row + v] /= c;
            }
        }
    }

    /** The first input of each stored pair: all (i, j), or i &lt;= j when symmetric, row-major. */
    private static int[] pairsI(int n1, int n2, boolean sym) {
        int[] out = new int[sym ? n1 * (n1 + 1) / 2 : n1 * n2];
        int m = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = sym ? i : 0; j < n2; j++) {
                out[m++] = i;
            }
        }
        return out;
    }

    /** The second input of each stored pair, in the order of {@link #pairsI}. */
    private static int[] pairsJ(int n1, int n2, boolean sym) {
        int[] out = new int[sym ? n1 * (n1 + 1) / 2 : n1 * n2];
        int m = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = sym ? i : 0; j < n2; j++) {
                out[m++] = j;
            }
        }
        return out;
    }

    /** N1. */
    public int n1() {
        return n1;
    }

    /** N2. */
    public int n2() {
        return n2;
    }

    /** The per-input shape of the values this state describes. */
    public Shape shape() {
        return shape;
    }

    /** P, the number of spatial positions. */
    public int positions() {
        return shape.positions();
    }

    /** Whether every pair of positions is kept (else only the spatial diagonal). */
    public boolean fullSpatial() {
        return full;
    }

    /** Whether x1 and x2 are the same inputs. */
    public boolean symmetric() {
        return symmetric;
    }

    /** Entries per pair of inputs: P^2 with full spatial covariance, else P. */
    public int entriesPerPair() {
        int p = positions();
        return full ? p * p : p;
    }

    /**
     * Whether the values are Gaussian pre-activations (true after an affine layer): an activation's expectation over
     * (u, v) ~ N(0, [[q1, c], [c, q2]]) is exact only then.
     */
    public boolean gaussian() {
        return gaussian;
    }

    /**
     * Whether the values are a linear function of fresh zero-mean weights that no other branch of the network shares
     * (true after an affine layer and the linear maps that follow it): such a branch is uncorrelated with every other,
     * so a fan-in sum may add its kernels.
     */
    public boolean independent() {
        return fresh;
    }

    /** K(x1_i, p; x2_j, q) (q = p when not {@link #fullSpatial()}). */
    public double nngp(int i, int j, int p, int q) {
        return nngp[index(i, j, p, q)];
    }

    /** Theta(x1_i, p; x2_j, q). */
    public double ntk(int i, int j, int p, int q) {
        return ntk[index(i, j, p, q)];
    }

    /** K(x1_i, p; x1_i, q). */
    public double cov1(int i, int p, int q) {
        return symmetric ? nngp(i, i, p, q) : cov1[i * entriesPerPair() + selfIndex(p, q)];
    }

    /** K(x2_j, p; x2_j, q). */
    public double cov2(int j, int p, int q) {
        return symmetric ? nngp(j, j, p, q) : cov2[j * entriesPerPair() + selfIndex(p, q)];
    }

    /**
     * Whether the symmetric blocks (the blocks (i, i) of a symmetric state, cov1 and cov2) hold only the entries
     * (p, q) with q &gt;= {@link #rowStart}(p) (the others are read from (q, p)).
     */
    public boolean upperOnly() {
        return upper;
    }

    /** The first position of p's image row: p - p mod R, R = {@link #rowWidth}. */
    private int rowStart(int p) {
        return p - p % rowWidth(shape);
    }

    /**
     * R, the positions per index of the first spatial axis (1 for a vector): in an {@link #upperOnly()} block the row
     * p holds the entries q &gt;= p - p mod R.
     */
    static int rowWidth(Shape s) {
        return s.rank() == 0 ? 1 : s.positions() / s.extent(0);
    }

    /** The index of (p, q) in a symmetric block: that of (q, p) when only the upper block triangle is held. */
    private int selfIndex(int p, int q) {
        int e = spatialIndex(p, q);
        return upper && q < rowStart(p) ? spatialIndex(q, p) : e;
    }

    private int index(int i, int j, int p, int q) {
        if (i < 0 || i >= n1 || j < 0 || j >= n2) {
            throw new IllegalArgumentException("inputs (" + i + ", " + j + "): expected 0 <= i < " + n1 + " and 0 <= j < "
                    + n2);
        }
        if (symmetric && j < i) {
            return index(j, i, q, p);
        }
        return block(i, j) * entriesPerPair() + (symmetric && i == j ? selfIndex(p, q) : spatialIndex(p, q));
    }

    /** The stored block of the pair (i, j) (i &lt;= j when symmetric). */
    private int block(int i, int j) {
        return symmetric ? symmetricBlock(n1, i, j) : i * n2 + j;
    }

    private int spatialIndex(int p, int q) {
        int n = positions();
        if (p < 0 || p >= n || q < 0 || q >= n) {
            throw new IllegalArgumentException("positions (" + p + ", " + q + "): expected 0 <= p, q < " + n);
        }
        if (!full && p != q) {
            throw new IllegalArgumentException("positions (" + p + ", " + q + "): this state keeps only the spatial"
                    + " diagonal p = q");
        }
        return full ? p * n + q : p;
    }

    /** The NNGP as [N1, N2] when there is one position (a vector output), else as [N1, N2, E] over spatial entries. */
    public INDArray nngpArray() {
        return array(nngp);
    }

    /** The NTK in the layout of {@link #nngpArray()}. */
    public INDArray ntkArray() {
        return array(ntk);
    }

    private INDArray array(double[] v) {
        int e = entriesPerPair();
        int p = positions();
        double[] out = new double[n1 * n2 * e];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                int to = (i * n2 + j) * e;
                if (symmetric && j < i && full) {
                    transpose(v, block(j, i) * e, out, to, p);
                } else {
                    System.arraycopy(v, symmetric ? block(Math.min(i, j), Math.max(i, j)) * e : block(i, j) * e, out, to, e);
                    if (upper && symmetric && i == j) {
                        mirrorLower(out, to, p);
                    }
                }
            }
        }
        return e == 1 ? Nd4j.create(out, new long[] {n1, n2}, DataType.DOUBLE)
                : Nd4j.create(out, new long[] {n1, n2, e}, DataType.DOUBLE);
    }

    /** Side of the square tiles in which transposes and mirrors walk a P x P block (both tiles stay in L1). */
    private static final int TILE = 32;

    /** out[outOff + u p + w] = in[inOff + w p + u] for a p x p block, tile by tile. */
    private static void transpose(double[] in, int inOff, double[] out, int outOff, int p) {
        for (int u0 = 0; u0 < p; u0 += TILE) {
            int u1 = Math.min(p, u0 + TILE);
            for (int w0 = 0; w0 < p; w0 += TILE) {
                int w1 = Math.min(p, w0 + TILE);
                for (int u = u0; u < u1; u++) {
                    for (int w = w0; w < w1; w++) {
                        out[outOff + u * p + w] = in[inOff + w * p + u];
                    }
                }
            }
        }
    }

    /**
     * v[off + u p + w] = v[off + w p + u] for w &lt; u: a p x p block's lower triangle from its upper, tile by tile
     * (each source tile read row by row into a buffer, so that both the reads and the writes of the block are runs of
     * consecutive entries).
     */
    static void mirrorLower(double[] v, int off, int p) {
        double[] buf = new double[TILE * TILE];
        for (int u0 = 0; u0 < p; u0 += TILE) {
            int u1 = Math.min(p, u0 + TILE);
            for (int w0 = 0; w0 <= u0; w0 += TILE) {
                int w1 = Math.min(p, w0 + TILE);
                for (int w = w0; w < w1; w++) {
                    System.arraycopy(v, off + w * p + u0, buf, (w - w0) * TILE, u1 - u0);
                }
                for (int u = u0; u < u1; u++) {
                    int we = Math.min(w1, u);
                    int row = off + u * p;
                    for (int w = w0; w < we; w++) {
                        v[row + w] = buf[(w - w0) * TILE + (u - u0)];
                    }
                }
            }
        }
    }

    /** A linear map of one pair's spatial block, from E_in entries at {@code in[inOff..]} to E_out at {@code out[outOff..]}. */
    @FunctionalInterface
    public interface PairMap {
        void apply(double[] in, int inOff, double[] out, int outOff);
    }

    /**
     * A map of one stored block of the NNGP and the NTK together (for maps that are cheaper on both at once, or that
     * exploit symmetry). {@code tIn} and {@code tOut} are null for the blocks of cov1 and cov2 (no NTK); the output
     * arrays are zero on entry (in {@link #apply(List)}: arbitrary values, see {@link #recycle}). When {@code self} is
     * true the input blocks are symmetric in (p, q) (a block (i, i) of a symmetric state, or a block of cov1 or cov2) and the map may compute half of the result, which must then be
     * symmetric, and mirror it (see {@link #mirrorLower}); every output entry must be written. A map that can run
     * fused with an entry map ({@link #apply(List)}) hands {@code sink} (when not null) every run of output
     * entries it has finished, before it stores them (and before it reads them again, e.g. to mirror them).
     */
    @FunctionalInterface
    interface BlockMap {
        void apply(double[] kIn, double[] tIn, int inOff, double[] kOut, double[] tOut, int outOff, boolean self,
                RowSink sink);
    }

    /** Where a {@link BlockMap} hands its finished output entries, to be mapped in place before they are stored. */
    @FunctionalInterface
    interface RowSink {
        /**
         * The entries (p, col .. col + len - 1) of the block (full block), or, with p = -1, the diagonal entries
         * col .. col + len - 1, held at k[0 ..] and t[0 ..] (t null for cov1 and cov2).
         */
        void row(int p, int col, double[] k, double[] t, int len);
    }

    /**
     * A layer's kernel step as one {@link BlockMap} (see {@link #mapBlocks}), with the same map restricted to the
     * spatial diagonal ({@code diagonal}: P_in diagonal entries to P_out, giving exactly the diagonal of {@code map}'s
     * result), used for the variances when an entry map runs in the same pass.
     */
    record Blocks(Shape out, boolean fullOut, BlockMap map, BlockMap diagonal, boolean upperMap, boolean gaussianAfter,
            boolean independentAfter) {
    }

    /** A layer's kernel step as one {@link EntryMap} (see {@link #mapEntries}) and the flags of its result. */
    record Entries(EntryMap map, boolean gaussianAfter, boolean independentAfter) {
    }

    /** {@link #mapBlocks} with the step's arguments. */
    KernelState apply(Blocks b) {
        return mapBlocks(b.out(), b.fullOut(), b.map(), b.upperMap(), b.gaussianAfter(), b.independentAfter());
    }

    /** {@link #mapEntries} with the step's arguments. */
    KernelState apply(Entries e) {
        return mapEntries(e.map(), e.gaussianAfter(), e.independentAfter());
    }

    /** One step of {@link #apply(List)}: a block map and the entry map run after it ({@code entries} null: none). */
    record Step(Blocks blocks, Entries entries) {

        boolean gaussianAfter() {
            return entries == null ? blocks.gaussianAfter() : entries.gaussianAfter();
        }

        boolean independentAfter() {
            return entries == null ? blocks.independentAfter() : entries.independentAfter();
        }
    }

    /**
     * The steps one after the other ({@code apply(b)}, then {@code apply(e)} if the step has an entry map), the same
     * values to the last bit, in one pass: each stored block runs through all steps before the next block is taken,
     * so that the intermediate states are never stored, each output row of a block map gets its entry map while it is
     * in cache, and the cores share the blocks of all steps at once (one pass, not one per step). The variances of
     * every step come first: on a state that keeps only the spatial diagonal (whose steps keep only the diagonal too),
     * from each input's own block (the block (i, i) of a symmetric state, else cov1 and cov2) run through the same
     * steps; on one that keeps every pair of positions, from each input's spatial diagonal run through the steps'
     * {@link Blocks#diagonal()} maps and entry maps (bit for bit the diagonals of the full blocks).
     */
    KernelState apply(List<Step> steps) {
        if (full) {
            return applyFull(steps);
        }
        int m = steps.size();
        int[] pos = new int[m + 1];
        pos[0] = positions();
        for (int l = 0; l < m; l++) {
            Blocks b = steps.get(l).blocks();
            if (b.fullOut() && b.out().positions() > 1) {
                throw new IllegalStateException("step " + l + " keeps every pair of positions: not a diagonal chain");
            }
            pos[l + 1] = b.out().positions();
        }
        int ein = pos[0];
        int eout = pos[m];
        long cost = 0;
        for (int l = 1; l <= m; l++) {
            cost += pos[l];
        }
        // var1[l][i]: input i's variances after step l's block map (the q1 of step l's entry map)
        double[][][] var1 = new double[m][n1][];
        double[][][] var2 = symmetric ? var1 : new double[m][n2][];
        int[] pi = pairsI(n1, n2, symmetric);
        int[] pj = pairsJ(n1, n2, symmetric);
        double[] k = take(pi.length * eout);
        double[] t = take(pi.length * eout);
        double[] c1 = symmetric ? null : take(n1 * eout);
        double[] c2 = symmetric ? null : take(n2 * eout);
        int own = symmetric ? n1 : n1 + n2;
        parallel(own, cost, () -> {
            Chain c = new Chain(steps, pos);
            return x -> {
                if (symmetric) {
                    int b = symmetricBlock(n1, x, x);
                    c.run(nngp, ntk, b * ein, k, t, b * eout, var1, x, var1, x, true);
                } else if (x < n1) {
                    c.run(cov1, null, x * ein, c1, null, x * eout, var1, x, var1, x, true);
                } else {
                    c.run(cov2, null, (x - n1) * ein, c2, null, (x - n1) * eout, var2, x - n1, var2, x - n1, true);
                }
            };
        });
        int[] others = IntStream.range(0, pi.length).filter(b -> !symmetric || pi[b] != pj[b]).toArray();
        parallel(others.length, cost, () -> {
            Chain c = new Chain(steps, pos);
            return x -> {
                int b = others[x];
                c.run(nngp, ntk, b * ein, k, t, b * eout, var1, pi[b], var2, pj[b], false);
            };
        });
        Step last = steps.get(m - 1);
        return new KernelState(n1, n2, last.blocks().out(), false, symmetric, k, t, c1, c2, last.gaussianAfter(),
                last.independentAfter(), false);
    }

    /**
     * {@link #apply(List)} on a state that keeps every pair of positions. A step's result keeps them too when its block
     * map does ({@link Blocks#fullOut()}) and it has more than one position; once a step keeps only the diagonal, so
     * do the steps after it (their block maps are made for such inputs: {@link BlockLayer#blocks}).
     */
    private KernelState applyFull(List<Step> steps) {
        if (upper && !steps.get(0).blocks().upperMap()) {
            return complete().applyFull(steps);
        }
        int m = steps.size();
        int[] pos = new int[m + 1];
        int[] ent = new int[m + 1];
        pos[0] = positions();
        ent[0] = entriesPerPair();
        for (int l = 0; l < m; l++) {
            Blocks b = steps.get(l).blocks();
            boolean fullOut = ent[l] != pos[l] && b.fullOut() && b.out().positions() > 1;
            pos[l + 1] = b.out().positions();
            ent[l + 1] = fullOut ? pos[l + 1] * pos[l + 1] : pos[l + 1];
        }
        // var1[l]: the variances after step l's block map, [n1, P_l] (the q1 of step l's entry map); var2 likewise
        double[][] var1 = chainVariances(steps, pos, symmetric ? null : cov1, n1);
        double[][] var2 = symmetric ? var1 : chainVariances(steps, pos, cov2, n2);
        int[] pi = pairsI(n1, n2, symmetric);
        int[] pj = pairsJ(n1, n2, symmetric);
        int eout = ent[m];
        double[] k = take(pi.length * eout);
        double[] t = take(pi.length * eout);
        double[] c1 = symmetric ? null : take(n1 * eout);
        double[] c2 = symmetric ? null : take(n2 * eout);
        int[] order = costOrder(pi, pj);
        int own = symmetric ? 0 : n1 + n2;
        long cost = 0;
        for (int l = 1; l <= m; l++) {
            cost += ent[l];
        }
        parallel(order.length + own, cost, () -> {
            FullChain c = new FullChain(steps, pos, ent, upper);
            return x -> {
                if (x < order.length) {
                    int b = order[x];
                    c.run(nngp, ntk, b * ent[0], k, t, b * eout, var1, pi[b], var2, pj[b], symmetric && pi[b] == pj[b]);
                } else if (x < order.length + n1) {
                    int i = x - order.length;
                    c.run(cov1, null, i * ent[0], c1, null, i * eout, var1, i, var1, i, true);
                } else {
                    int j = x - order.length - n1;
                    c.run(cov2, null, j * ent[0], c2, null, j * eout, var2, j, var2, j, true);
                }
            };
        });
        Step last = steps.get(m - 1);
        return new KernelState(n1, n2, last.blocks().out(), eout != pos[m], symmetric, k, t, c1, c2,
                last.gaussianAfter(), last.independentAfter(), last.blocks().upperMap());
    }

    /**
     * Each input's variances after each step's block map, [step][input * P_step + p]: its spatial diagonal (of
     * {@code cov}, or of the blocks (i, i) when null) through the steps' diagonal maps, each followed by its entry map
     * at (q1, q2, k) = (v, v, v).
     */
    private double[][] chainVariances(List<Step> steps, int[] pos, double[] cov, int n) {
        double[][] var = new double[steps.size()][];
        double[] d = variances(cov, n);
        int width = Arrays.stream(pos).max().orElse(1);
        double[] theta = new double[width];
        double[][] scratch = new double[3][width];
        for (int l = 0; l < steps.size(); l++) {
            Step s = steps.get(l);
            int p = pos[l + 1];
            var[l] = new double[n * p];
            for (int i = 0; i < n; i++) {
                s.blocks().diagonal().apply(d, null, i * pos[l], var[l], null, i * p, true, null);
            }
            d = var[l].clone();
            if (s.entries() != null) {
                for (int i = 0; i < n; i++) {
                    double[] v = Arrays.copyOfRange(var[l], i * p, (i + 1) * p);
                    double[] out = Arrays.copyOfRange(v, 0, p);
                    Arrays.fill(theta, 0.0);
                    s.entries().map().apply(v, v, out, theta, p, scratch);
                    System.arraycopy(out, 0, d, i * p, p);
                }
            }
        }
        return var;
    }

    /**
     * A worker's buffers for {@link #applyFull}: one block through all steps, alternating between two pairs of blocks
     * (the last step writes the result in place).
     */
    private static final class FullChain {
        final List<Step> steps;
        final int[] pos;
        final int[] ent;
        final boolean upperIn;
        final double[][] kb = new double[2][];
        final double[][] tb = new double[2][];
        final EntryRows[] rows;

        FullChain(List<Step> steps, int[] pos, int[] ent, boolean upperIn) {
            this.steps = steps;
            this.pos = pos;
            this.ent = ent;
            this.upperIn = upperIn;
            int width = Arrays.stream(ent, 1, ent.length - 1).max().orElse(0);
            for (int b = 0; b < 2 && steps.size() > 1; b++) {
                kb[b] = new double[width];
                tb[b] = new double[width];
            }
            rows = new EntryRows[steps.size()];
            for (int l = 0; l < rows.length; l++) {
                Entries e = steps.get(l).entries();
                rows[l] = e == null ? null : new EntryRows(e.map(), pos[l + 1]);
            }
        }

        /**
         * The block at kIn[inOff ..] (tIn; null for cov1 and cov2) of the inputs (i, j) through all steps into
         * kOut[outOff ..] (tOut), with the variances v1[l][i P_l ..] and v2[l][j P_l ..]; {@code self}: a symmetric
         * block (i = j), held as its upper block triangle where a step's map writes only that.
         */
        void run(double[] kIn, double[] tIn, int inOff, double[] kOut, double[] tOut, int outOff, double[][] v1, int i,
                double[][] v2, int j, boolean self) {
            double[] k = kIn;
            double[] t = tIn;
            int off = inOff;
            boolean up = upperIn;
            for (int l = 0; l < steps.size(); l++) {
                Step s = steps.get(l);
                boolean last = l == steps.size() - 1;
                double[] kn = last ? kOut : kb[l % 2];
                double[] tn = tIn == null ? null : last ? tOut : tb[l % 2];
                int to = last ? outOff : 0;
                if (self && up && !s.blocks().upperMap()) { // l > 0 (applyFull completed its input): our own buffers
                    mirrorLower(k, off, pos[l]);
                    if (t != null) {
                        mirrorLower(t, off, pos[l]);
                    }
                }
                RowSink sink = rows[l] == null ? null : rows[l].of(v1[l], i, v2[l], j, pos[l + 1]);
                s.blocks().map().apply(k, t, off, kn, tn, to, self, sink);
                up = s.blocks().upperMap() && ent[l + 1] != pos[l + 1];
                k = kn;
                t = tn;
                off = to;
            }
        }
    }

    /** A worker's buffers for {@link #apply(List)}: one block through all steps, alternating between two pairs of rows. */
    private static final class Chain {
        final List<Step> steps;
        final int[] pos;
        final double[][] kb;
        final double[][] tb;
        final double[][] scratch;

        Chain(List<Step> steps, int[] pos) {
            this.steps = steps;
            this.pos = pos;
            int width = Arrays.stream(pos).max().orElse(1);
            kb = new double[2][width];
            tb = new double[2][width];
            scratch = new double[3][width];
        }

        /**
         * The block at kIn[inOff ..] (and tIn, null for cov1 and cov2) through all steps into kOut[outOff ..] (tOut),
         * with the variances v1[l][i] and v2[l][j]; with {@code own} (the input's own block, i = j) they are recorded
         * first (the block map's result on this block).
         */
        void run(double[] kIn, double[] tIn, int inOff, double[] kOut, double[] tOut, int outOff, double[][][] v1, int i,
                double[][][] v2, int j, boolean own) {
            double[] k = kIn;
            double[] t = tIn;
            int off = inOff;
            for (int l = 0; l < steps.size(); l++) {
                double[] kn = kb[l % 2];
                double[] tn = tIn == null ? null : tb[l % 2];
                Step s = steps.get(l);
                s.blocks().map().apply(k, t, off, kn, tn, 0, own, null);
                int len = pos[l + 1];
                if (own) {
                    v1[l][i] = Arrays.copyOf(kn, len);
                }
                if (s.entries() != null) {
                    double[] theta = tn;
                    if (theta == null) { // cov1, cov2: no NTK, the map's theta is discarded
                        theta = tb[l % 2];
                        Arrays.fill(theta, 0, len, 0.0);
                    }
                    s.entries().map().apply(v1[l][i], v2[l][j], kn, theta, len, scratch);
                }
                k = kn;
                t = tn;
                off = 0;
            }
            System.arraycopy(k, 0, kOut, outOff, pos[steps.size()]);
            if (tOut != null) {
                System.arraycopy(t, 0, tOut, outOff, pos[steps.size()]);
            }
        }
    }

    /** A worker's buffers for an entry map on the rows a {@link BlockMap} hands its {@link RowSink}. */
    private static final class EntryRows {
        final EntryMap map;
        final double[] q1;
        final double[] q2;
        final double[] theta;
        final double[][] scratch;

        EntryRows(EntryMap map, int width) {
            this.map = map;
            q1 = new double[width];
            q2 = new double[width];
            theta = new double[width];
            scratch = new double[3][width];
        }

        /**
         * The sink for the block of inputs (i, j) of P positions, with their variances w1[i P ..] and w2[j P ..]: the
         * entry (p, q) gets q1 = w1(i, p), q2 = w2(j, q) (a diagonal entry p = q both at p); cov1 and cov2 (no NTK)
         * get a theta that is discarded.
         */
        RowSink of(double[] w1, int i, double[] w2, int j, int p) {
            return (row, col, k, t, len) -> {
                if (row < 0) {
                    System.arraycopy(w1, i * p + col, q1, 0, len);
                } else {
                    Arrays.fill(q1, 0, len, w1[i * p + row]);
                }
                System.arraycopy(w2, j * p + col, q2, 0, len);
                map.apply(q1, q2, k, t == null ? theta : t, len, scratch);
            };
        }
    }

    /**
     * The same linear map applied to every pair's spatial block of the NNGP, the NTK, cov1 and cov2 (convolution,
     * pooling, flattening: any map linear in the covariance). Flags are kept.
     *
     * @param out the per-input shape after the map
     * @param fullOut whether the result keeps every pair of positions
     */
    public KernelState mapPairs(Shape out, boolean fullOut, PairMap map) {
        return mapBlocks(out, fullOut, (k, t, inOff, ko, to, outOff, self, sink) -> {
            map.apply(k, inOff, ko, outOff);
            if (t != null) {
                map.apply(t, inOff, to, outOff);
            }
        }, false, gaussian, fresh);
    }

    /**
     * {@code map} applied to every stored block (the NNGP's and the NTK's together, then cov1's and cov2's), over the
     * cores when there is enough work.
     *
     * @param out the per-input shape after the map
     * @param fullOut whether the result keeps every pair of positions
     * @param upperMap whether the map reads only the upper block triangle of a symmetric block and writes (at least)
     *     that of its result (see {@link #upperOnly()}); if false, such blocks are completed first
     * @param gaussianAfter the {@link #gaussian()} flag of the result
     * @param independentAfter the {@link #independent()} flag of the result
     */
    KernelState mapBlocks(Shape out, boolean fullOut, BlockMap map, boolean upperMap, boolean gaussianAfter,
            boolean independentAfter) {
        if (upper && !upperMap) {
            return complete().mapBlocks(out, fullOut, map, false, gaussianAfter, independentAfter);
        }
        int ein = entriesPerPair();
        int p = out.positions();
        boolean f = fullOut && p > 1;
        int eout = f ? p * p : p;
        int[] pi = pairsI(n1, n2, symmetric);
        int[] pj = pairsJ(n1, n2, symmetric);
        double[] k = new double[pi.length * eout];
        double[] t = new double[pi.length * eout];
        int[] order = costOrder(pi, pj);
        parallel(order.length, (long) ein * eout, () -> m -> {
            int b = order[m];
            map.apply(nngp, ntk, b * ein, k, t, b * eout, symmetric && pi[b] == pj[b], null);
        });
        double[] c1 = symmetric ? null : new double[n1 * eout];
        double[] c2 = symmetric ? null : new double[n2 * eout];
        if (!symmetric) {
            parallel(n1 + n2, (long) ein * eout, () -> m -> {
                if (m < n1) {
                    map.apply(cov1, null, m * ein, c1, null, m * eout, true, null);
                } else {
                    map.apply(cov2, null, (m - n1) * ein, c2, null, (m - n1) * eout, true, null);
                }
            });
        }
        return new KernelState(n1, n2, out, f, symmetric, k, t, c1, c2, gaussianAfter, independentAfter, upperMap);
    }

    /** The same values with every symmetric block complete (a no-op unless {@link #upperOnly()}). */
    private KernelState complete() {
        if (!upper) {
            return this;
        }
        int e = entriesPerPair();
        int p = positions();
        double[] k = nngp.clone();
        double[] t = ntk.clone();
        double[] c1 = symmetric ? null : cov1.clone();
        double[] c2 = symmetric ? null : cov2.clone();
        for (int i = 0; i < n1; i++) {
            if (symmetric) {
                mirrorLower(k, symmetricBlock(n1, i, i) * e, p);
                mirrorLower(t, symmetricBlock(n1, i, i) * e, p);
            } else {
                mirrorLower(c1, i * e, p);
            }
        }
        for (int j = 0; !symmetric && j < n2; j++) {
            mirrorLower(c2, j * e, p);
        }
        return new KernelState(n1, n2, shape, full, symmetric, k, t, c1, c2, gaussian, fresh, false);
    }

    /** The stored blocks, those that cost a whole block first and the (i, i) blocks of a symmetric state (half) last. */
    private int[] costOrder(int[] pi, int[] pj) {
        int[] order = new int[pi.length];
        int m = 0;
        for (int b = 0; b < pi.length; b++) {
            if (!symmetric || pi[b] != pj[b]) {
                order[m++] = b;
            }
        }
        for (int b = 0; b < pi.length; b++) {
            if (symmetric && pi[b] == pj[b]) {
                order[m++] = b;
            }
        }
        return order;
    }

    /** A worker thread's share of {@link #parallel}: tasks, then {@link #done} once. */
    private interface Worker extends IntConsumer {
        default void done() {
        }
    }

    /**
     * Runs task(0 .. count-1) in this order, over the cores when there is enough work ({@code cost} scalar operations
     * each): each worker thread takes the next task not yet taken (so the tasks are balanced dynamically) and runs it
     * with its own {@link Worker} from {@code worker} (which may hold scratch space).
     */
    private static void parallel(int count, long cost, Supplier<Worker> worker) {
        int threads = Math.min(count, Runtime.getRuntime().availableProcessors());
        if (threads <= 1 || count * cost <= 32768) {
            Worker task = worker.get();
            for (int m = 0; m < count; m++) {
                task.accept(m);
            }
            task.done();
            return;
        }
        AtomicInteger next = new AtomicInteger();
        IntStream.range(0, threads).parallel().forEach(w -> {
            Worker task = worker.get();
            for (int m = next.getAndIncrement(); m < count; m = next.getAndIncrement()) {
                task.accept(m);
            }
            task.done();
        });
    }

    /**
     * The affine step on every entry (no spatial map): K &lt;- w2 K + b2, Theta &lt;- w2 Theta + a K_old + c (K_old the
     * NNGP before this step); cov1 and cov2 like K. The result is Gaussian and independent. NTK parameterization:
     * a = w2, c = b2 (so Theta &lt;- w2 Theta + K_new); standard: a = fan-in, c = 1 with a bias.
     */
    public KernelState affine(double w2, double b2, double a, double c) {
        Affine.Step step = new Affine.Step(w2, b2, a, c);
        int e = entriesPerPair();
        return mapBlocks(shape, full, (k, t, inOff, ko, to, outOff, self, sink) -> {
            System.arraycopy(k, inOff, ko, outOff, e);
            if (t != null) {
                System.arraycopy(t, inOff, to, outOff, e);
            }
            step.apply(1, ko, t == null ? null : to, outOff, outOff + e);
        }, true, true, true);
    }

    /**
     * A map of entries (q1, q2, k, theta) in place, in the shape of
     * {@code GaussianExpectation.apply}: for each j &lt; len, given the two variances q1[j], q2[j] at the entry's
     * positions and the covariance k[j], overwrite k[j] and theta[j]; {@code scratch} holds three arrays of length
     * &gt;= len the map may overwrite.
     */
    @FunctionalInterface
    public interface EntryMap {
        void apply(double[] q1, double[] q2, double[] k, double[] theta, int len, double[][] scratch);
    }

    private static final int CHUNK = 4096;

    /** Rows of a full block per task of {@link #mapEntries} (so that two cores share even a single pair's block). */
    private static final int BAND = 64;

    /**
     * An entrywise map (an activation, a normalisation): every NNGP entry K(x1_i, p; x2_j, q) with its variances
     * q1 = cov1(i, p, p), q2 = cov2(j, q, q) and its NTK entry, and every entry of cov1 and cov2 (their theta is not
     * used), each distinct entry once (see the class comment), in contiguous chunks of up to 4096 entries.
     *
     * @param gaussianAfter the {@link #gaussian()} flag of the result
     * @param independentAfter the {@link #independent()} flag of the result
     */
    public KernelState mapEntries(EntryMap map, boolean gaussianAfter, boolean independentAfter) {
        int p = positions();
        int e = entriesPerPair();
        double[] v1 = variances(cov1, n1);
        double[] v2 = symmetric ? v1 : variances(cov2, n2);
        int[] pi = pairsI(n1, n2, symmetric);
        int[] pj = pairsJ(n1, n2, symmetric);
        int[] order = costOrder(pi, pj);
        // tasks: bands of BAND rows of a full block, or groups of diagonal blocks of about CHUNK entries
        int bands = full ? (p + BAND - 1) / BAND : 1;
        int group = full ? 1 : Math.max(1, CHUNK / p);
        int units = order.length * bands;
        double[] k = take(nngp.length);
        double[] t = take(ntk.length);
        parallel((units + group - 1) / group, (long) e * group / bands, () -> new Worker() {
            final Chunk ch = new Chunk(map, nngp, ntk, k, t);

            @Override
            public void accept(int m) {
                for (int unit = m * group; unit < Math.min(units, (m + 1) * group); unit++) {
                    int b = order[unit / bands];
                    int band = unit % bands;
                    int i = pi[b];
                    int j = pj[b];
                    int base = b * e;
                    if (full) {
                        boolean self = symmetric && i == j;
                        for (int u = band * BAND; u < Math.min(p, (band + 1) * BAND); u++) {
                            int v0 = self ? rowStart(u) : 0;
                            ch.add(v1[i * p + u], null, 0, v2, j * p + v0, base + u * p + v0, p - v0);
                        }
                    } else {
                        ch.add(0, v1, i * p, v2, j * p, base, p);
                    }
                }
            }

            @Override
            public void done() {
                ch.flush();
            }
        });
        double[] c1 = symmetric ? null : selfMap(map, cov1, v1, n1);
        double[] c2 = symmetric ? null : selfMap(map, cov2, v2, n2);
        return new KernelState(n1, n2, shape, full, symmetric, k, t, c1, c2, gaussianAfter, independentAfter, true);
    }

    /** The spatial diagonal cov(i, u, u) of each input's own block (cov1 or cov2, or the blocks (i, i)), [n, P]. */
    private double[] variances(double[] cov, int n) {
        int p = positions();
        int e = entriesPerPair();
        double[] v = new double[n * p];
        for (int i = 0; i < n; i++) {
            double[] src = symmetric ? nngp : cov; // symmetric: the blocks (i, i)
            int off = symmetric ? symmetricBlock(n1, i, i) * e : i * e;
            for (int u = 0; u < p; u++) {
                v[i * p + u] = src[off + (full ? u * p + u : u)];
            }
        }
        return v;
    }

    private double[] selfMap(EntryMap map, double[] cov, double[] v, int n) {
        int p = positions();
        int e = entriesPerPair();
        double[] c = take(cov.length);
        Chunk ch = new Chunk(map, cov, cov, c, null);
        for (int i = 0; i < n; i++) {
            if (full) {
                for (int u = 0; u < p; u++) {
                    int v0 = rowStart(u);
                    ch.add(v[i * p + u], null, 0, v, i * p + v0, i * e + u * p + v0, p - v0);
                }
            } else {
                ch.add(0, v, i * p, v, i * p, i * e, p);
            }
        }
        ch.flush();
        return c;
    }

    /**
     * Runs of contiguous entries copied into contiguous arrays (with their variances), mapped, and copied back:
     * no per-entry gather, and the map's loops see arrays that start at 0.
     */
    private static final class Chunk {
        final EntryMap map;
        final double[] kIn;
        final double[] tIn;
        final double[] kOut;
        final double[] tOut;
        final double[] q1 = new double[CHUNK];
        final double[] q2 = new double[CHUNK];
        final double[] kc = new double[CHUNK];
        final double[] tc = new double[CHUNK];
        final double[][] scratch = new double[3][CHUNK];
        final int[] runAt = new int[CHUNK];
        final int[] runLen = new int[CHUNK];
        int len;
        int runs;

        Chunk(EntryMap map, double[] kIn, double[] tIn, double[] kOut, double[] tOut) {
            this.map = map;
            this.kIn = kIn;
            this.tIn = tIn;
            this.kOut = kOut;
            this.tOut = tOut;
        }

        /**
         * Entries at[0 .. n) with variances q1 (the constant {@code q1c} when {@code q1s} is null, else
         * q1s[q1o ..]) and q2s[q2o ..].
         */
        void add(double q1c, double[] q1s, int q1o, double[] q2s, int q2o, int at, int n) {
            while (n > 0) {
                int l = Math.min(n, CHUNK - len);
                if (q1s == null) {
                    Arrays.fill(q1, len, len + l, q1c);
                } else {
                    System.arraycopy(q1s, q1o, q1, len, l);
                }
                System.arraycopy(q2s, q2o, q2, len, l);
                System.arraycopy(kIn, at, kc, len, l);
                System.arraycopy(tIn, at, tc, len, l);
                runAt[runs] = at;
                runLen[runs++] = l;
                len += l;
                q1o += l;
                q2o += l;
                at += l;
                n -= l;
                if (len == CHUNK) {
                    flush();
                }
            }
        }

        void flush() {
            if (len == 0) {
                return;
            }
            map.apply(q1, q2, kc, tc, len, scratch);
            int c = 0;
            for (int r = 0; r < runs; r++) {
                System.arraycopy(kc, c, kOut, runAt[r], runLen[r]);
                if (tOut != null) {
                    System.arraycopy(tc, c, tOut, runAt[r], runLen[r]);
                }
                c += runLen[r];
            }
            len = 0;
            runs = 0;
        }
    }

    /** The same values with only the spatial diagonal kept (a no-op if it already is). */
    public KernelState diagonalSpatial() {
        if (!full) {
            return this;
        }
        int p = positions();
        return mapBlocks(shape, false, (k, t, inOff, ko, to, outOff, self, sink) -> {
            for (int u = 0; u < p; u++) {
                ko[outOff + u] = k[inOff + u * p + u];
                if (t != null) {
                    to[outOff + u] = t[inOff + u * p + u];
                }
            }
        }, true, gaussian, fresh);
    }

    /** The same values with another shape (a reshape that keeps the spatial layout, e.g. a new channel count). */
    public KernelState withShape(Shape s) {
        if (s.positions() != positions()) {
            throw new IllegalArgumentException("shape " + s + " has " + s.positions() + " positions but the state has "
                    + positions() + ": expected a shape with the same positions");
        }
        return new KernelState(n1, n2, s, full, symmetric, nngp, ntk, cov1, cov2, gaussian, fresh, upper);
    }

    /** The same values with other flags. */
    public KernelState withFlags(boolean gaussianAfter, boolean independentAfter) {
        return new KernelState(n1, n2, shape, full, symmetric, nngp, ntk, cov1, cov2, gaussianAfter, independentAfter,
                upper);
    }

    /**
     * The weighted sum w_b of the branches' kernels (NNGP, NTK, cov1, cov2): weights 1 for a fan-in sum of independent
     * branches, C_b / sum C for a concatenation along channels. The result is Gaussian only if every branch is, and
     * independent only if every branch is.
     *
     * @throws LayerException if the branches' states differ in inputs, spatial layout or positions
     */
    static KernelState combine(List<KernelState> branches, double[] weights, Shape out) {
        KernelState f = branches.get(0);
        double[] k = new double[f.nngp.length];
        double[] t = new double[f.ntk.length];
        double[] c1 = f.symmetric ? null : new double[f.cov1.length];
        double[] c2 = f.symmetric ? null : new double[f.cov2.length];
        boolean g = true;
        boolean ind = true;
        boolean up = false;
        for (int b = 0; b < branches.size(); b++) {
            KernelState s = branches.get(b);
            if (s.n1 != f.n1 || s.n2 != f.n2 || s.full != f.full || s.symmetric != f.symmetric
                    || !Arrays.equals(s.shape.spatial(), f.shape.spatial())) {
                throw new LayerException("branch " + b + " gives values of shape " + s.shape + " but branch 0 gives "
                        + f.shape + ": expected the same spatial shape from every branch");
            }
            double w = weights[b];
            for (int e = 0; e < k.length; e++) {
                k[e] += w * s.nngp[e];
                t[e] += w * s.ntk[e];
            }
            if (c1 != null) {
                for (int e = 0; e < c1.length; e++) {
                    c1[e] += w * s.cov1[e];
                }
                for (int e = 0; e < c2.length; e++) {
                    c2[e] += w * s.cov2[e];
                }
            }
            g &= s.gaussian;
            ind &= s.fresh;
            up |= s.upper;
        }
        return new KernelState(f.n1, f.n2, out, f.full, f.symmetric, k, t, c1, c2, g, ind, up);
    }

    @Override
    public String toString() {
        return "KernelState[N1=" + n1 + ", N2=" + n2 + ", shape=" + shape + ", " + (full ? "full" : "diagonal")
                + " spatial, gaussian=" + gaussian + ", independent=" + fresh + "]";
    }
}
