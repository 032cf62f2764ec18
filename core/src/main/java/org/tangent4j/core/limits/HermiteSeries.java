package org.tangent4j.core.limits;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The two expectations of an activation without a closed form by its Hermite expansion (Mehler's formula; the
 * "dual activation" of Daniely, Frostig and Singer 2016): with h_k = He_k / sqrt(k!) the orthonormal Hermite
 * polynomials of Z ~ N(0, 1) and, for each point, the coefficients
 * <pre>
 * a_k(q) = E[s(sqrt(q) Z) h_k(Z)],   b_k(q) = E[s'(sqrt(q) Z) h_k(Z)],
 * E[s(u) s(v)]   = sum_k a_k(q1) a_k(q2) rho^k,    E[s'(u) s'(v)] = sum_k b_k(q1) b_k(q2) rho^k,   rho = c / sqrt(q1 q2).
 * </pre>
 * The coefficients are one-dimensional Gauss-Hermite integrals ({@value #NODES} nodes, or {@value #LARGE_NODES} for
 * point sets the first rule does not serve), computed for all points of a layer at once as one matrix product, so a
 * Gram entry costs K + 1 fused multiply-adds per expectation (vectorised over the row) instead of the activation
 * calls of two-dimensional quadrature. The truncation is chosen per point: K is the smallest number of terms with
 * sum_{k &gt; K} a_k(q)^2 &lt;= {@value #TOLERANCE} E[s^2] (and the same for s'), and an entry uses the larger K of
 * its two points, so that by Cauchy-Schwarz its truncation error is below {@value #TOLERANCE}
 * sqrt(E[s(u)^2] E[s(v)^2]) (the tail is exact: under the Gauss rule sum_k a_k^2 = E[s^2], Parseval; and since the
 * rule integrates polynomials of degree 2 NODES - 1 exactly, coefficients k &lt; MAX_TERMS are exact up to the
 * function's Hermite tail beyond NODES, far below the tolerance once the series converged). Points whose series need
 * more than {@value #LARGE_MAX_TERMS} terms (an activation with a kink, or tanh beyond variance ~19) are marked not
 * converged; their entries go to {@code MehlerExpectation}.
 */
final class HermiteSeries {

    /** Gauss-Hermite nodes of the coefficient integrals (the first rule tried). */
    static final int NODES = 600;

    /** Largest number of terms K + 1 with the first rule. */
    static final int MAX_TERMS = 400;

    /** Nodes and terms of the second rule, tried for point sets the first one does not converge for. */
    static final int LARGE_NODES = 2400;

    /** Largest number of terms with the second rule. */
    static final int LARGE_MAX_TERMS = 1600;

    /** Activation values per batch (see {@link #evaluate}). */
    private static final int BATCH = 1 << 16;

    /** Relative tail of the squared coefficients allowed at every point. */
    static final double TOLERANCE = 1e-10;

    private final Activation s;

    HermiteSeries(Activation s) {
        this.s = s;
    }

    /**
     * The coefficients of a set of points, k-major ([k][point]) so that a row of the Gram matrix runs over
     * contiguous columns.
     *
     * @param terms K + 1, the terms these points need
     * @param value a_k(q_i), at least {@code terms} rows (all {@value #MAX_TERMS} when kept for pairing with another
     *     point set that may need more)
     * @param derivative b_k(q_i), as many rows
     * @param converged whether point i's two series reach the tolerance within {@value #MAX_TERMS} terms (the
     *     entries of a point that does not go to adaptive quadrature instead)
     */
    record Table(int terms, double[][] value, double[][] derivative, boolean[] converged) {

        /** Whether every point converged. */
        boolean all() {
            for (boolean c : converged) {
                if (!c) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The coefficients for points with variances q, truncated as the class comment says for the points whose series
     * converge within {@value #MAX_TERMS} terms, or null when none does or the activation is not finite at every
     * node.
     *
     * @param keepAll keep all {@value #MAX_TERMS} rows (for a Gram matrix between two point sets, whose entries use
     *     the larger of the two truncations)
     */
    Table table(double[] q, boolean keepAll) {
        Table t = table(q, keepAll, Rule.SMALL);
        return t != null && t.all() ? t : largeOr(t, q, keepAll);
    }

    /** The second rule's table where it converges for more points than the first one's. */
    private Table largeOr(Table small, double[] q, boolean keepAll) {
        Table large = table(q, keepAll, Rule.Large.INSTANCE);
        if (large == null) {
            return small;
        }
        return small == null || count(large.converged()) > count(small.converged()) ? large : small;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private Table table(double[] q, boolean keepAll, Rule rule) {
        final int nodes = rule.nodes;
        int n = q.length;
        double[] u = new double[nodes * n];
        for (int i = 0; i < n; i++) {
            double scale = Math.sqrt(q[i]);
            for (int m = 0; m < nodes; m++) {
                u[m * n + i] = scale * rule.z[m];
            }
        }
        double[] f = new double[u.length];
        double[] g = new double[u.length];
        evaluate(u, f, g);
        double[] energy = new double[n];
        double[] slope = new double[n];
        for (int m = 0; m < nodes; m++) {
            for (int i = 0; i < n; i++) {
                energy[i] += rule.w[m] * f[m * n + i] * f[m * n + i];
                slope[i] += rule.w[m] * g[m * n + i] * g[m * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(energy[i]) || !Double.isFinite(slope[i])) {
                return null; // s or s' overflows at the outer nodes (e.g. exp at a large variance): leave it to quadrature
            }
        }
        // f and g are [nodes, n] row-major (node-major, as u was laid out): a = H f, b = H g
        double[][] a = rule.h.mmul(Nd4j.createFromArray(f).reshape(nodes, n)).toDoubleMatrix();
        double[][] b = rule.h.mmul(Nd4j.createFromArray(g).reshape(nodes, n)).toDoubleMatrix();
        int[] valueTerms = truncation(a, energy, rule.terms);
        int[] derivativeTerms = truncation(b, slope, rule.terms);
        boolean[] converged = new boolean[n];
        int terms = 0;
        for (int i = 0; i < n; i++) {
            // both series must be within the limit, else that point's tail would exceed the tolerance
            converged[i] = valueTerms[i] > 0 && derivativeTerms[i] > 0;
            if (converged[i]) {
                terms = Math.max(terms, Math.max(valueTerms[i], derivativeTerms[i]));
            }
        }
        if (terms == 0) {
            return null;
        }
        return keepAll ? new Table(terms, a, b, converged)
                : new Table(terms, Arrays.copyOf(a, terms), Arrays.copyOf(b, terms), converged);
    }

    /**
     * f = s(u), g = s'(u) in batches of {@value #BATCH} values spread over the cores: a SameDiff activation runs its
     * graph once per batch instead of once per value, a Java one uses both cores (GELU's erfc costs ~0.3 us a call).
     */
    private void evaluate(double[] u, double[] f, double[] g) {
        int batches = (u.length + BATCH - 1) / BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            int from = b * BATCH;
            double[] chunk = Arrays.copyOfRange(u, from, Math.min(u.length, from + BATCH));
            System.arraycopy(s.values(chunk), 0, f, from, chunk.length);
            System.arraycopy(s.derivatives(chunk), 0, g, from, chunk.length);
        });
    }

    /** Per point, the smallest K + 1 whose tail is within tolerance, or -1 beyond {@value #MAX_TERMS}. */
    private static int[] truncation(double[][] c, double[] total, int maxTerms) {
        int n = total.length;
        double[] rest = total.clone();
        int[] terms = new int[n];
        Arrays.fill(terms, -1);
        for (int k = 0; k < maxTerms; k++) {
            for (int i = 0; i < n; i++) {
                rest[i] -= c[k][i] * c[k][i];
                if (terms[i] < 0 && rest[i] <= TOLERANCE * total[i]) {
                    terms[i] = k + 1;
                }
            }
        }
        return terms;
    }

    /**
     * Whether the entries between two point sets can be summed from their tables: both exist and each holds the
     * coefficients up to the larger truncation (two sets computed by different rules may not).
     */
    static boolean pairable(Table rows, Table cols) {
        if (rows == null || cols == null) {
            return false;
        }
        int terms = Math.max(rows.terms(), cols.terms());
        return rows.value().length >= terms && cols.value().length >= terms;
    }

    /**
     * Row i of a layer: for columns c = col0 .. col0 + len - 1 with covariances k[c - col0], in place,
     * k &lt;- sum_k a_k(i) a_k(c) rho^k and theta &lt;- theta sum_k b_k(i) b_k(c) rho^k, truncated at
     * max(rows.terms, cols.terms) terms.
     *
     * @param q1 the row's variance
     * @param q2 the column variances, indexed by column
     * @param scratch three arrays indexed by column, of length &gt;= col0 + len
     */
    static void apply(Table rows, int i, Table cols, double q1, double[] q2, int col0, double[] k, double[] theta, int len,
            double[][] scratch) {
        int terms = Math.max(rows.terms(), cols.terms());
        double[] rho = scratch[0];
        double[] e = scratch[1];
        double[] ed = scratch[2];
        int end = col0 + len;
        for (int j = 0; j < len; j++) {
            rho[col0 + j] = GaussianExpectation.correlation(k[j], Math.sqrt(q1 * q2[col0 + j]));
        }
        horner(column(rows.value(), i, terms), cols.value(), rho, e, col0, end, terms);
        horner(column(rows.derivative(), i, terms), cols.derivative(), rho, ed, col0, end, terms);
        for (int j = 0; j < len; j++) {
            k[j] = e[col0 + j];
            theta[j] *= ed[col0 + j];
        }
    }

    /**
     * The diagonal of a layer (u = v, rho = 1), in place for every point: k[i] = q[i] on entry becomes E[s(u)^2] and
     * theta[i] is multiplied by E[s'(u)^2], by the same arithmetic as the Gram rows (so the bits agree).
     */
    static void diagonal(Table t, double[] q, double[] k, double[] theta) {
        int n = q.length;
        double[] rho = new double[n];
        double[] e = new double[n];
        double[] ed = new double[n];
        for (int i = 0; i < n; i++) {
            rho[i] = GaussianExpectation.correlation(k[i], Math.sqrt(q[i] * q[i]));
        }
        squares(t.value(), rho, e, t.terms());
        squares(t.derivative(), rho, ed, t.terms());
        for (int i = 0; i < n; i++) {
            k[i] = e[i];
            theta[i] *= ed[i];
        }
    }

    /** a_k(i) for k &lt; terms. */
    private static double[] column(double[][] table, int i, int terms) {
        double[] a = new double[terms];
        for (int k = 0; k < terms; k++) {
            a[k] = table[k][i];
        }
        return a;
    }

    /** out[c] = sum_{k &lt; terms} a[k] table[k][c] rho[c]^k for c in [from, to), Horner from the top term. */
    private static void horner(double[] a, double[][] table, double[] rho, double[] out, int from, int to, int terms) {
        double[] top = table[terms - 1];
        double at = a[terms - 1];
        for (int c = from; c < to; c++) {
            out[c] = at * top[c];
        }
        for (int k = terms - 2; k >= 0; k--) {
            double ak = a[k];
            double[] tk = table[k];
            for (int c = from; c < to; c++) {
                out[c] = Math.fma(out[c], rho[c], ak * tk[c]);
            }
        }
    }

    /** out[i] = sum_{k &lt; terms} table[k][i]^2 rho[i]^k: {@link #horner} with the row's own coefficients. */
    private static void squares(double[][] table, double[] rho, double[] out, int terms) {
        double[] top = table[terms - 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = top[i] * top[i];
        }
        for (int k = terms - 2; k >= 0; k--) {
            double[] tk = table[k];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.fma(out[i], rho[i], tk[i] * tk[i]);
            }
        }
    }

    /**
     * The probabilists' Gauss-Hermite rule of {@value #NODES} nodes (weights sum to 1) and h[k][m] = w_m h_k(z_m) for
     * k &lt; {@value #MAX_TERMS}. Nodes: eigenvalues of the Jacobi matrix (Golub-Welsch; off-diagonal sqrt(k)), then
     * two Newton steps on psi_M. Weights by Christoffel's formula in Hermite functions psi_k = h_k sqrt(phi), which
     * stay bounded: w_m = phi(z_m) / sum_{k &lt; M} psi_k(z_m)^2, relatively accurate even where w_m is 1e-200 (there
     * h_k(z_m) is huge and the product matters; eigenvector-based weights would be wrong there by many orders).
     */
    private static final class Rule {
        static final Rule SMALL = new Rule(NODES, MAX_TERMS);
        final int nodes;
        final int terms;
        final double[] z;
        final double[] w;
        final INDArray h;

        /** The second rule, built on first use (a few seconds: the eigenvalues of a 2400 x 2400 matrix). */
        static final class Large {
            static final Rule INSTANCE = new Rule(LARGE_NODES, LARGE_MAX_TERMS);
        }

        private Rule(int nodes, int terms) {
            this.nodes = nodes;
            this.terms = terms;
            this.z = new double[nodes];
            this.w = new double[nodes];
            double[] off = new double[nodes - 1];
            for (int k = 1; k < nodes; k++) {
                off[k - 1] = Math.sqrt(k);
            }
            double[] guess = SymmetricEigen.tridiagonalValues(new double[nodes], off);
            double[][] hw = new double[terms][nodes];
            double[] psi = new double[nodes + 1];
            for (int m = 0; m < nodes; m++) {
                double x = guess[m];
                for (int it = 0; it < 2; it++) {
                    hermiteFunctions(x, psi);
                    double step = psi[nodes] / (Math.sqrt(nodes) * psi[nodes - 1] - 0.5 * x * psi[nodes]);
                    if (Double.isFinite(step)) { // psi underflows beyond |x| ~ 53: keep the eigenvalue there
                        x -= step;
                    }
                }
                hermiteFunctions(x, psi);
                double sum = 0;
                for (int k = 0; k < nodes; k++) {
                    sum += psi[k] * psi[k];
                }
                double sqrtPhi = Math.exp(-0.25 * x * x) / Math.pow(2 * Math.PI, 0.25);
                z[m] = x;
                if (!(sum > 0)) {
                    continue; // w_m and w_m h_k(z_m) are below the smallest double there: zero weight
                }
                w[m] = sqrtPhi * sqrtPhi / sum;
                for (int k = 0; k < terms; k++) {
                    hw[k][m] = psi[k] * sqrtPhi / sum; // w_m h_k(z_m) = (phi / S)(psi_k / sqrt(phi))
                }
            }
            h = Nd4j.createFromArray(hw).castTo(DataType.DOUBLE);
        }

        /** psi_k(x) = h_k(x) sqrt(phi(x)) for k &lt;= nodes: psi_{k+1} = (x psi_k - sqrt(k) psi_{k-1}) / sqrt(k + 1). */
        private static void hermiteFunctions(double x, double[] psi) {
            psi[0] = Math.exp(-0.25 * x * x) / Math.pow(2 * Math.PI, 0.25);
            double prev = 0;
            for (int k = 0; k + 1 < psi.length; k++) {
                psi[k + 1] = (x * psi[k] - Math.sqrt(k) * prev) / Math.sqrt(k + 1.0);
                prev = psi[k];
            }
        }
    }
}
