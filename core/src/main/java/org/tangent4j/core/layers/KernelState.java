package org.tangent4j.core.layers;

import java.util.Arrays;
import java.util.List;
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
 * which is all that an architecture without pooling needs (a Flatten readout reads only the diagonal). The entry
 * arrays are row-major over (i, j, spatial entry) for the NNGP and NTK, (i, spatial entry) for cov1 and cov2.
 *
 * <p>When x1 and x2 are the same array the state is {@link #symmetric()}: cov2 is cov1, layers compute only the pairs
 * i &lt;= j (and, on a full block (i, i), only p &lt;= q) and mirror the rest, so each distinct Gaussian expectation
 * is evaluated once.
 *
 * <p>Instances are immutable: every transform returns a new state (the arrays are never shared with callers).
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

    private KernelState(int n1, int n2, Shape shape, boolean full, boolean symmetric, double[] nngp, double[] ntk,
            double[] cov1, double[] cov2, boolean gaussian, boolean fresh) {
        this.n1 = n1;
        this.n2 = n2;
        this.shape = shape;
        this.full = full;
        this.symmetric = symmetric;
        this.nngp = nngp;
        this.ntk = ntk;
        this.cov1 = cov1;
        this.cov2 = symmetric ? cov1 : cov2;
        this.gaussian = gaussian;
        this.fresh = fresh;
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
        double[] k = new double[(int) total];
        for (int i = 0; i < n1; i++) {
            for (int j = sym ? i : 0; j < n2; j++) {
                inputBlock(a, i, b, j, p, c, fullSp, k, (i * n2 + j) * e);
            }
        }
        double[] c1 = null;
        double[] c2 = null;
        if (!sym) {
            c1 = new double[n1 * e];
            for (int i = 0; i < n1; i++) {
                inputBlock(a, i, a, i, p, c, fullSp, c1, i * e);
            }
            c2 = new double[n2 * e];
            for (int j = 0; j < n2; j++) {
                inputBlock(b, j, b, j, p, c, fullSp, c2, j * e);
            }
        }
        KernelState st = new KernelState(n1, n2, s1, fullSp, sym, k, new double[(int) total], c1, c2, false, false);
        return sym ? st.mirrored(k, st.ntk) : st;
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

    private static void inputBlock(double[] a, int i, double[] b, int j, int p, int c, boolean full, double[] out, int off) {
        int ai = i * p * c;
        int bj = j * p * c;
        for (int u = 0; u < p; u++) {
            int q0 = full ? 0 : u;
            int q1 = full ? p : u + 1;
            for (int v = q0; v < q1; v++) {
                double s = 0;
                for (int ch = 0; ch < c; ch++) {
                    s += a[ai + u * c + ch] * b[bj + v * c + ch];
                }
                out[off + (full ? u * p + v : u)] = s / c;
            }
        }
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
        return cov1[i * entriesPerPair() + spatialIndex(p, q)];
    }

    /** K(x2_j, p; x2_j, q). */
    public double cov2(int j, int p, int q) {
        return cov2[j * entriesPerPair() + spatialIndex(p, q)];
    }

    private int index(int i, int j, int p, int q) {
        return (i * n2 + j) * entriesPerPair() + spatialIndex(p, q);
    }

    private int spatialIndex(int p, int q) {
        if (!full && p != q) {
            throw new IllegalArgumentException("positions (" + p + ", " + q + "): this state keeps only the spatial"
                    + " diagonal p = q");
        }
        return full ? p * positions() + q : p;
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
        return e == 1 ? Nd4j.create(v.clone(), new long[] {n1, n2}, DataType.DOUBLE)
                : Nd4j.create(v.clone(), new long[] {n1, n2, e}, DataType.DOUBLE);
    }

    /** A linear map of one pair's spatial block, from E_in entries at {@code in[inOff..]} to E_out at {@code out[outOff..]}. */
    @FunctionalInterface
    public interface PairMap {
        void apply(double[] in, int inOff, double[] out, int outOff);
    }

    /**
     * The same linear map applied to every pair's spatial block of the NNGP, the NTK, cov1 and cov2 (convolution,
     * pooling, flattening: any map linear in the covariance). Flags are kept.
     *
     * @param out the per-input shape after the map
     * @param fullOut whether the result keeps every pair of positions
     */
    public KernelState mapPairs(Shape out, boolean fullOut, PairMap map) {
        int ein = entriesPerPair();
        int p = out.positions();
        boolean f = fullOut && p > 1;
        int eout = f ? p * p : p;
        double[] k = new double[n1 * n2 * eout];
        double[] t = new double[n1 * n2 * eout];
        int[] pairs = pairs();
        parallel(pairs.length, (long) ein * eout, m -> {
            int pair = pairs[m];
            map.apply(nngp, pair * ein, k, pair * eout);
            map.apply(ntk, pair * ein, t, pair * eout);
        });
        double[] c1 = symmetric ? null : new double[n1 * eout];
        double[] c2 = symmetric ? null : new double[n2 * eout];
        if (!symmetric) {
            parallel(n1 + n2, (long) ein * eout, m -> {
                if (m < n1) {
                    map.apply(cov1, m * ein, c1, m * eout);
                } else {
                    map.apply(cov2, (m - n1) * ein, c2, (m - n1) * eout);
                }
            });
        }
        KernelState s = new KernelState(n1, n2, out, f, symmetric, k, t, c1, c2, gaussian, fresh);
        return symmetric ? s.mirrored(k, t) : s;
    }

    /** The pairs (i, j) a pass computes, as i N2 + j: all of them, or j &gt;= i when symmetric. */
    private int[] pairs() {
        int count = symmetric ? n1 * (n1 + 1) / 2 : n1 * n2;
        int[] out = new int[count];
        int m = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = symmetric ? i : 0; j < n2; j++) {
                out[m++] = i * n2 + j;
            }
        }
        return out;
    }

    /** Runs task(0 .. count-1), over the cores when there is enough work ({@code cost} scalar operations each). */
    private static void parallel(int count, long cost, java.util.function.IntConsumer task) {
        if (count > 1 && count * cost > 32768) {
            java.util.stream.IntStream.range(0, count).parallel().forEach(task);
        } else {
            for (int m = 0; m < count; m++) {
                task.accept(m);
            }
        }
    }

    /** A symmetric state with the skipped entries mirrored and cov1 read from the (i, i) blocks. */
    private KernelState mirrored(double[] k, double[] t) {
        mirror(k);
        mirror(t);
        int e = entriesPerPair();
        double[] c = new double[n1 * e];
        for (int i = 0; i < n1; i++) {
            System.arraycopy(k, (i * n1 + i) * e, c, i * e, e);
        }
        return new KernelState(n1, n2, shape, full, true, k, t, c, null, gaussian, fresh);
    }

    /**
     * The affine step after a linear spatial map: K &lt;- w2 K + b2, Theta &lt;- w2 Theta + a K_old + c (K_old the
     * NNGP before this step), on every entry; cov1 and cov2 like K. The result is Gaussian and independent.
     * NTK parameterization: a = w2, c = b2 (so Theta &lt;- w2 Theta + K_new); standard: a = fan-in, c = 1 with a bias.
     */
    public KernelState affine(double w2, double b2, double a, double c) {
        double[] k = nngp.clone();
        double[] t = ntk.clone();
        for (int e = 0; e < k.length; e++) {
            t[e] = w2 * t[e] + a * k[e] + c;
            k[e] = w2 * k[e] + b2;
        }
        double[] c1 = cov1.clone();
        for (int e = 0; e < c1.length; e++) {
            c1[e] = w2 * c1[e] + b2;
        }
        double[] c2 = null;
        if (!symmetric) {
            c2 = cov2.clone();
            for (int e = 0; e < c2.length; e++) {
                c2[e] = w2 * c2[e] + b2;
            }
        }
        return new KernelState(n1, n2, shape, full, symmetric, k, t, c1, c2, true, true);
    }

    /**
     * A map of entries (q1, q2, k, theta) in place, in the shape of
     * {@code GaussianExpectation.apply}: for each j &lt; len, given the two variances q1[j], q2[j] at the entry's
     * positions and the covariance k[j], overwrite k[j] and theta[j].
     */
    @FunctionalInterface
    public interface EntryMap {
        void apply(double[] q1, double[] q2, double[] k, double[] theta, int len);
    }

    private static final int CHUNK = 4096;

    /**
     * An entrywise map (an activation, a normalisation): every NNGP entry K(x1_i, p; x2_j, q) with its variances
     * q1 = cov1(i, p, p), q2 = cov2(j, q, q) and its NTK entry, and every entry of cov1 and cov2 (their theta is not
     * used), each distinct entry once (see the class comment), in chunks of up to 4096 entries.
     *
     * @param gaussianAfter the {@link #gaussian()} flag of the result
     * @param independentAfter the {@link #independent()} flag of the result
     */
    public KernelState mapEntries(EntryMap map, boolean gaussianAfter, boolean independentAfter) {
        int p = positions();
        int e = entriesPerPair();
        double[] k = nngp.clone();
        double[] t = ntk.clone();
        int[] pairs = pairs();
        int tasks = Math.min(pairs.length, 8 * Runtime.getRuntime().availableProcessors());
        parallel(tasks, (long) e * pairs.length / tasks, task -> {
            Chunk ch = new Chunk(map, k, t);
            for (int m = task; m < pairs.length; m += tasks) {
                int i = pairs[m] / n2;
                int j = pairs[m] % n2;
                int base = pairs[m] * e;
                boolean self = symmetric && i == j;
                for (int u = 0; u < p; u++) {
                    double q1 = variance(cov1, i, u);
                    if (full) {
                        for (int v = self ? u : 0; v < p; v++) {
                            ch.add(q1, variance(cov2, j, v), base + u * p + v);
                        }
                    } else {
                        ch.add(q1, variance(cov2, j, u), base + u);
                    }
                }
            }
            ch.flush();
        });
        double[] c1 = symmetric ? null : selfMap(map, cov1, n1);
        double[] c2 = symmetric ? null : selfMap(map, cov2, n2);
        KernelState s = new KernelState(n1, n2, shape, full, symmetric, k, t, c1, c2, gaussianAfter, independentAfter);
        return symmetric ? s.mirrored(k, t) : s;
    }

    private double[] selfMap(EntryMap map, double[] cov, int n) {
        int p = positions();
        int e = entriesPerPair();
        double[] c = cov.clone();
        Chunk ch = new Chunk(map, c, new double[c.length]);
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < p; u++) {
                double q1 = variance(cov, i, u);
                if (full) {
                    for (int v = u; v < p; v++) {
                        ch.add(q1, variance(cov, i, v), i * e + u * p + v);
                    }
                } else {
                    ch.add(q1, q1, i * e + u);
                }
            }
        }
        ch.flush();
        if (full) {
            for (int i = 0; i < n; i++) {
                for (int u = 0; u < p; u++) {
                    for (int v = 0; v < u; v++) {
                        c[i * e + u * p + v] = c[i * e + v * p + u];
                    }
                }
            }
        }
        return c;
    }

    private double variance(double[] cov, int i, int u) {
        int p = positions();
        return full ? cov[i * p * p + u * p + u] : cov[i * p + u];
    }

    /** Entries gathered into contiguous arrays, mapped, and scattered back. */
    private static final class Chunk {
        final EntryMap map;
        final double[] k;
        final double[] t;
        final double[] q1 = new double[CHUNK];
        final double[] q2 = new double[CHUNK];
        final double[] kc = new double[CHUNK];
        final double[] tc = new double[CHUNK];
        final int[] at = new int[CHUNK];
        int len;

        Chunk(EntryMap map, double[] k, double[] t) {
            this.map = map;
            this.k = k;
            this.t = t;
        }

        void add(double v1, double v2, int index) {
            q1[len] = v1;
            q2[len] = v2;
            kc[len] = k[index];
            tc[len] = t[index];
            at[len] = index;
            if (++len == CHUNK) {
                flush();
            }
        }

        void flush() {
            if (len == 0) {
                return;
            }
            map.apply(q1, q2, kc, tc, len);
            for (int m = 0; m < len; m++) {
                k[at[m]] = kc[m];
                t[at[m]] = tc[m];
            }
            len = 0;
        }
    }

    /**
     * Fills what a symmetric state skipped: pairs j &lt; i from (j, i) with positions swapped, and on full blocks
     * (i, i) the entries q &lt; p from (q, p).
     */
    private void mirror(double[] v) {
        int p = positions();
        int e = entriesPerPair();
        for (int i = 0; i < n1; i++) {
            int self = (i * n2 + i) * e;
            if (full) {
                for (int u = 0; u < p; u++) {
                    for (int w = 0; w < u; w++) {
                        v[self + u * p + w] = v[self + w * p + u];
                    }
                }
            }
            for (int j = 0; j < i; j++) {
                int to = (i * n2 + j) * e;
                int from = (j * n2 + i) * e;
                if (full) {
                    for (int u = 0; u < p; u++) {
                        for (int w = 0; w < p; w++) {
                            v[to + u * p + w] = v[from + w * p + u];
                        }
                    }
                } else {
                    System.arraycopy(v, from, v, to, e);
                }
            }
        }
    }

    /** The same values with only the spatial diagonal kept (a no-op if it already is). */
    public KernelState diagonalSpatial() {
        if (!full) {
            return this;
        }
        int p = positions();
        return mapPairs(shape, false, (in, inOff, out, outOff) -> {
            for (int u = 0; u < p; u++) {
                out[outOff + u] = in[inOff + u * p + u];
            }
        });
    }

    /** The same values with another shape (a reshape that keeps the spatial layout, e.g. a new channel count). */
    public KernelState withShape(Shape s) {
        if (s.positions() != positions()) {
            throw new IllegalArgumentException("shape " + s + " has " + s.positions() + " positions but the state has "
                    + positions() + ": expected a shape with the same positions");
        }
        return new KernelState(n1, n2, s, full, symmetric, nngp, ntk, cov1, cov2, gaussian, fresh);
    }

    /** The same values with other flags. */
    public KernelState withFlags(boolean gaussianAfter, boolean independentAfter) {
        return new KernelState(n1, n2, shape, full, symmetric, nngp, ntk, cov1, cov2, gaussianAfter, independentAfter);
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
        double[] c1 = new double[f.cov1.length];
        double[] c2 = f.symmetric ? null : new double[f.cov2.length];
        boolean g = true;
        boolean ind = true;
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
            for (int e = 0; e < c1.length; e++) {
                c1[e] += w * s.cov1[e];
            }
            if (c2 != null) {
                for (int e = 0; e < c2.length; e++) {
                    c2[e] += w * s.cov2[e];
                }
            }
            g &= s.gaussian;
            ind &= s.fresh;
        }
        return new KernelState(f.n1, f.n2, out, f.full, f.symmetric, k, t, c1, c2, g, ind);
    }

    @Override
    public String toString() {
        return "KernelState[N1=" + n1 + ", N2=" + n2 + ", shape=" + shape + ", " + (full ? "full" : "diagonal")
                + " spatial, gaussian=" + gaussian + ", independent=" + fresh + "]";
    }
}
