package org.tangent4j.core.limits;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.kernel.Kernel;

/**
 * The infinite-width limits of a fully-connected network ({@link DenseStack}, NTK parameterization): the NNGP
 * covariance Sigma^(L) and the neural tangent kernel Theta^(L) of Jacot, Gabriel and Hongler (2018, Theorem 1), in
 * the conventions of neural-tangents' stax:
 * <pre>
 * input:       K = x.x' / d,                 Theta = 0
 * Dense:       K &lt;- w_std^2 K + b_std^2,     Theta &lt;- w_std^2 Theta + K   (the new K)
 * activation:  K &lt;- E[s(u) s(v)],           Theta &lt;- Theta * E[s'(u) s'(v)],
 *              (u, v) ~ N(0, [[K(x,x), K(x,x')], [K(x,x'), K(x',x')]])
 * </pre>
 * After the last Dense layer K is Sigma^(L) and Theta is Theta^(L) (per output; the kernels are zero across outputs).
 * Closed forms are used for {@code PiecewiseLinear} (ReLU family) and {@code ScaledErf}. Every other activation is
 * computed to 1e-10 of sqrt(E[s(u)^2] E[s(v)^2]) (see {@link ExpectationMethod}): by its Hermite series for the points
 * whose series converges ({@code HermiteSeries}: per point coefficients, then K + 1 multiply-adds per entry), else per
 * entry by the Mehler series where its truncation bound holds ({@code MehlerExpectation}), else by adaptive
 * quadrature ({@code AdaptiveQuadrature}), or the entry is refused with a message naming its covariance.
 *
 * <p>Each layer costs O(N1 N2) scalar work in plain Java loops, split over the cores by rows. The loops are written
 * so that HotSpot vectorises them (branch-free, arrays indexed from 0, an arcsine of our own: see {@link Arcsine});
 * ND4J's elementwise transcendental functions and JDK 17's {@code Math.asin} were slower ({@code docs/benchmarks.md}).
 * The input kernel is one dgemm. When x1 and x2 are the same array only the upper triangle is computed.
 */
public final class InfiniteWidth implements InfiniteWidthKernels {

    private final DenseStack stack;
    private final ExpectationMethod method;
    private final List<Object> stages;

    /** An activation layer computed by its Hermite series, with quadrature for point sets where it does not converge. */
    private record Series(HermiteSeries series, GaussianExpectation fallback) {
    }

    private InfiniteWidth(DenseStack stack, ExpectationMethod method) {
        this.stack = stack;
        this.method = method;
        this.stages = new ArrayList<>();
        for (Layer layer : stack.layers()) {
            if (layer instanceof Nonlinearity n) {
                GaussianExpectation e = Expectations.of(n.activation(), method == ExpectationMethod.QUADRATURE);
                boolean series = method == ExpectationMethod.HERMITE_SERIES
                        || (method == ExpectationMethod.AUTOMATIC && e instanceof MehlerExpectation);
                GaussianExpectation fallback = method == ExpectationMethod.AUTOMATIC ? e : new MehlerExpectation(n.activation());
                stages.add(series ? new Series(new HermiteSeries(n.activation()), fallback) : e);
            } else {
                stages.add(layer);
            }
        }
    }

    /** The limits of {@code stack} by the {@link ExpectationMethod#AUTOMATIC} method. */
    public static InfiniteWidth of(DenseStack stack) {
        return of(stack, ExpectationMethod.AUTOMATIC);
    }

    /**
     * The limits of {@code stack} with an explicit expectation method.
     *
     * @throws IllegalArgumentException for the standard parameterization, whose NTK has no width-independent limit
     */
    public static InfiniteWidth of(DenseStack stack, ExpectationMethod method) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(method, "method");
        if (stack.parameterization() != Parameterization.NTK) {
            throw new IllegalArgumentException("parameterization = " + stack.parameterization()
                    + ": the infinite-width kernels are defined for the NTK parameterization (in the standard"
                    + " parameterization the tangent kernel grows with the width); use stack.withParameterization(NTK)");
        }
        return new InfiniteWidth(stack, method);
    }

    /**
     * The number of Hermite-series terms K + 1 the activation needs at pre-activation variance q for the series'
     * tolerance (1e-10 relative), or -1 where it does not converge within its limit of 1600 terms (that point's entries
     * then go to the per-entry Mehler series or to adaptive quadrature).
     * Closed-form activations are answered too, as if they had none.
     */
    public static int hermiteTerms(Activation activation, double variance) {
        Objects.requireNonNull(activation, "activation");
        Checks.nonNegative("variance", variance);
        HermiteSeries.Table t = new HermiteSeries(activation).table(new double[] {variance}, false);
        return t == null ? -1 : t.terms();
    }

    /** The architecture. */
    public DenseStack stack() {
        return stack;
    }

    /** Sigma^(L) as a {@link Kernel} (equal to every other NNGP kernel of an equal stack and method). */
    public Kernel nngp() {
        return part(LimitKernel.Part.NNGP);
    }

    /** Theta^(L) as a {@link Kernel} (equal to every other NTK of an equal stack and method). */
    public Kernel ntk() {
        return part(LimitKernel.Part.NTK);
    }

    /** One of the two kernels of {@link #kernels} as a {@link Kernel} value (its diagonal from {@link #diagonal}). */
    private Kernel part(LimitKernel.Part part) {
        return new LimitKernel(this, method, part);
    }

    /**
     * Both kernels on x1 x x2 in one pass: [N1, N2] each, float64.
     *
     * <p>The input kernel is one dgemm written straight into the NNGP result; then each row (only j &gt;= i when
     * symmetric) is copied into a small on-heap buffer, taken through every layer while it is in cache, and written
     * back, rows spread over the cores; a symmetric result gets its lower triangle by a tiled transpose. No N1 x N2
     * array exists besides the two results.
     *
     * @param x1 [N1, d] points as rows
     * @param x2 [N2, d] points as rows (pass the same array as x1 for a symmetric Gram matrix at half the cost)
     * @throws IllegalArgumentException for mismatched dimensions, non-finite values, or more than 2^31 - 1 entries
     */
    @Override
    public KernelPair kernels(INDArray x1, INDArray x2) {
        return kernels(x1, x2, percent -> { });
    }

    /**
     * {@link #kernels(INDArray, INDArray)} reporting progress: {@code percentDone} receives 1, 2, ..., 100 as the
     * entries are computed (each value once, from whichever worker thread reaches it; the consumer must be
     * thread-safe), for a progress display of a long computation.
     */
    public KernelPair kernels(INDArray x1, INDArray x2, IntConsumer percentDone) {
        boolean symmetric = x1 == x2;
        INDArray a = Checks.finiteMatrix("x1", x1).castTo(DataType.DOUBLE);
        INDArray b = symmetric ? a : Checks.finiteMatrix("x2", x2).castTo(DataType.DOUBLE);
        Checks.columns("x2", b, a.columns(), "the input dimension d of x1");
        int n1 = (int) a.rows();
        int n2 = (int) b.rows();
        if ((long) n1 * n2 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("x1, x2: N1 x N2 = " + n1 + " x " + n2 + " entries, expected at most"
                    + " 2^31 - 1 per Gram matrix; compute it in blocks of rows of x1");
        }
        Memory.requireNative("the NNGP and NTK matrices [" + n1 + ", " + n2 + "]", 2 * Memory.doubles("K", n1, n2), "use fewer points, or compute the matrices in blocks of rows of x1");
        double d = a.columns();
        double[] q1 = squaredNorms(a, d);
        double[] q2 = symmetric ? q1 : squaredNorms(b, d);
        INDArray nngp = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {n1, n2}, 'c');
        Nd4j.gemm(a, b, nngp, false, true, 1 / d, 0); // K = x1 x2^T / d
        INDArray ntk = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {n1, n2}, 'c');
        DoubleBuffer kOut = nngp.data().asNioDouble();
        DoubleBuffer tOut = ntk.data().asNioDouble();
        // The diagonals K(x, x) entering every stage first (O(N) per layer), by the same arithmetic as the rows.
        Pass p1 = diagonalPass(q1, !symmetric);
        Pass p2 = symmetric ? p1 : diagonalPass(q2, true);
        double[][] v1 = p1.variances();
        double[][] v2 = p2.variances();
        long entries = symmetric ? (long) n1 * (n1 + 1) / 2 : (long) n1 * n2;
        AtomicLong done = new AtomicLong();
        AtomicInteger reported = new AtomicInteger();
        forRows(n1, n2, symmetric, (row, i, col0) -> {
            int len = n2 - col0;
            int at = i * n2 + col0;
            double[] k = row.k;
            double[] theta = row.theta;
            kOut.get(at, k, 0, len);
            if (symmetric) {
                // x.x from the same sums as the diagonal's (a dgemm sums in another order): rho is then exactly 1
                // where the kernels have a square-root singularity in rho that would turn 1e-16 into 1e-8.
                k[0] = q1[i];
            }
            Arrays.fill(theta, 0, len, 0.0);
            for (int s = 0; s < stages.size(); s++) {
                Object stage = stages.get(s);
                if (stage instanceof Dense dense) {
                    dense(k, theta, len, dense.wStd() * dense.wStd(), dense.bStd() * dense.bStd());
                } else if (stage instanceof Series && HermiteSeries.pairable(p1.tables()[s], p2.tables()[s])
                        && p1.tables()[s].converged()[i]) {
                    series(p1.tables()[s], i, p2.tables()[s], v1[s][i], v2[s], col0, k, theta, len, row, expectation(stage));
                } else {
                    Arrays.fill(row.q1, 0, len, v1[s][i]);
                    System.arraycopy(v2[s], col0, row.q2, 0, len);
                    expectation(stage).apply(row.q1, row.q2, k, theta, len, row.scratch);
                }
            }
            kOut.put(at, k, 0, len);
            tOut.put(at, theta, 0, len);
            int percent = (int) (100 * done.addAndGet(len) / entries);
            for (int p = reported.get(); p < percent; p = reported.get()) {
                if (reported.compareAndSet(p, p + 1)) {
                    percentDone.accept(p + 1);
                }
            }
        });
        if (symmetric) {
            mirror(kOut, n1);
            mirror(tOut, n1);
        }
        return new KernelPair(nngp, ntk);
    }

    /** Sigma^(L)(x_i, x_i) and Theta^(L)(x_i, x_i) alone, [N] each, in O(N) work. */
    @Override
    public KernelPair diagonal(INDArray x) {
        INDArray a = Checks.finiteMatrix("x", x);
        Pass p = diagonalPass(squaredNorms(a, a.columns()), false);
        return new KernelPair(Nd4j.createFromArray(p.sigma()), Nd4j.createFromArray(p.theta()));
    }

    /**
     * The recursion on the diagonal K(x, x) of a point set.
     *
     * @param variances v[s] = K(x_i, x_i) entering stage s
     * @param tables the Hermite coefficients of each series stage (null where the stage is not one or the series does
     *     not converge for these points)
     * @param sigma Sigma^(L)(x_i, x_i)
     * @param theta Theta^(L)(x_i, x_i)
     */
    private record Pass(double[][] variances, HermiteSeries.Table[] tables, double[] sigma, double[] theta) {
    }

    /**
     * The diagonal pass from q = x.x / d, by the same arithmetic as the Gram rows (so the bits agree).
     *
     * @param paired the Gram matrix pairs these points with another set: keep every Hermite coefficient
     */
    private Pass diagonalPass(double[] q, boolean paired) {
        int n = q.length;
        double[][] v = new double[stages.size()][];
        HermiteSeries.Table[] tables = new HermiteSeries.Table[stages.size()];
        double[] cur = q.clone();
        double[] t = new double[n];
        for (int s = 0; s < stages.size(); s++) {
            v[s] = cur.clone();
            Object stage = stages.get(s);
            if (stage instanceof Dense dense) {
                dense(cur, t, n, dense.wStd() * dense.wStd(), dense.bStd() * dense.bStd());
                continue;
            }
            double[] k = cur.clone();
            tables[s] = stage instanceof Series series ? series.series().table(cur, paired) : null;
            if (tables[s] != null) {
                double[] kept = k.clone();
                double[] keptT = t.clone();
                HermiteSeries.diagonal(tables[s], cur, k, t);
                for (int i = 0; i < n; i++) {
                    if (!tables[s].converged()[i]) { // this point by quadrature
                        double[] ki = {kept[i]};
                        double[] ti = {keptT[i]};
                        expectation(stage).apply(new double[] {cur[i]}, new double[] {cur[i]}, ki, ti, 1, new double[3][1]);
                        k[i] = ki[0];
                        t[i] = ti[0];
                    }
                }
            } else {
                expectation(stage).apply(cur, cur, k, t, n, new double[3][n]);
            }
            cur = k;
        }
        return new Pass(v, tables, cur, t);
    }

    /**
     * Row i of a series stage: the Hermite series where the column's series converged too, adaptive quadrature for
     * the columns whose did not (their inputs are kept before the series overwrites them).
     */
    private static void series(HermiteSeries.Table rows, int i, HermiteSeries.Table cols, double q1, double[] q2, int col0,
            double[] k, double[] theta, int len, RowBuffers row, GaussianExpectation fallback) {
        boolean[] converged = cols.converged();
        int misses = 0;
        for (int j = 0; j < len; j++) {
            misses += converged[col0 + j] ? 0 : 1;
        }
        if (misses == 0) {
            HermiteSeries.apply(rows, i, cols, q1, q2, col0, k, theta, len, row.scratch);
            return;
        }
        // those columns' inputs, gathered before the series overwrites them
        int[] at = new int[misses];
        double[] first = new double[misses];
        double[] second = new double[misses];
        double[] c = new double[misses];
        double[] t = new double[misses];
        Arrays.fill(first, q1);
        for (int j = 0, m = 0; j < len; j++) {
            if (!converged[col0 + j]) {
                at[m] = j;
                second[m] = q2[col0 + j];
                c[m] = k[j];
                t[m++] = theta[j];
            }
        }
        HermiteSeries.apply(rows, i, cols, q1, q2, col0, k, theta, len, row.scratch);
        fallback.apply(first, second, c, t, misses);
        for (int m = 0; m < misses; m++) {
            k[at[m]] = c[m];
            theta[at[m]] = t[m];
        }
    }

    /** The expectation that computes an activation stage by formula or quadrature. */
    private static GaussianExpectation expectation(Object stage) {
        return stage instanceof Series series ? series.fallback() : (GaussianExpectation) stage;
    }

    /** The Dense step on len entries in place: K &lt;- w^2 K + b^2, Theta &lt;- w^2 Theta + K. */
    private static void dense(double[] k, double[] theta, int len, double w2, double b2) {
        for (int j = 0; j < len; j++) {
            double kj = w2 * k[j] + b2;
            k[j] = kj;
            theta[j] = w2 * theta[j] + kj;
        }
    }

    private static double[] squaredNorms(INDArray x, double d) {
        double[] v = x.mul(x).sum(1).divi(d).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return v;
    }

    /** Per-task buffers for one row segment. */
    private static final class RowBuffers {
        final double[] k;
        final double[] theta;
        final double[] q1;
        final double[] q2;
        final double[][] scratch;

        RowBuffers(int n) {
            k = new double[n];
            theta = new double[n];
            q1 = new double[n];
            q2 = new double[n];
            scratch = new double[3][n];
        }
    }

    /** Work on row i, columns [col0, N2). */
    private interface RowTask {
        void run(RowBuffers buffers, int i, int col0);
    }

    /**
     * Runs the task over every row (from the diagonal on when symmetric). Rows are dealt round-robin to a few tasks
     * per core, which balances the triangular work, and each task allocates its buffers once.
     */
    private static void forRows(int n1, int n2, boolean symmetric, RowTask task) {
        int tasks = (long) n1 * n2 > 4096 ? Math.min(n1, 8 * Runtime.getRuntime().availableProcessors()) : 1;
        IntStream.range(0, tasks).parallel().forEach(t -> {
            RowBuffers buffers = new RowBuffers(n2);
            for (int i = t; i < n1; i += tasks) {
                task.run(buffers, i, symmetric ? i : 0);
            }
        });
    }

    /**
     * m[i, j] = m[j, i] for j &lt; i in a row-major n x n buffer: 64 x 64 tiles of the upper triangle are read into
     * the heap, transposed and written to the lower triangle, tile rows spread over the cores.
     */
    private static void mirror(DoubleBuffer m, int n) {
        final int tile = 64;
        IntStream.range(0, (n + tile - 1) / tile).parallel().forEach(bi -> {
            int i0 = bi * tile;
            int rows = Math.min(n, i0 + tile) - i0;
            double[] block = new double[tile * tile];
            double[] out = new double[tile];
            for (int j0 = 0; j0 <= i0; j0 += tile) {
                int cols = Math.min(tile, i0 + rows - j0);
                // block[r][c] = m[j0 + r, i0 + c]: the upper-triangle source of lower tile (i0, j0)
                for (int r = 0; r < Math.min(tile, n - j0); r++) {
                    m.get((j0 + r) * n + i0, block, r * tile, rows);
                }
                for (int c = 0; c < rows; c++) {
                    int len = Math.min(cols, i0 + c - j0); // strictly below the diagonal
                    for (int r = 0; r < len; r++) {
                        out[r] = block[r * tile + c];
                    }
                    if (len > 0) {
                        m.put((i0 + c) * n + j0, out, 0, len);
                    }
                }
            }
        });
    }
}
