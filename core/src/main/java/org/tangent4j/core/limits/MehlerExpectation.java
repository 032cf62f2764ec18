package org.tangent4j.core.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.tangent4j.core.arch.Activation;

/**
 * E[s(u)s(v)] and E[s'(u)s'(v)] entry by entry from Mehler's formula, truncated per entry where a bound proves it
 * within tolerance, adaptive quadrature ({@link AdaptiveQuadrature}) where it cannot. With h_k the orthonormal Hermite
 * polynomials, a_k(q) = E[s(sqrt(q) Z) h_k(Z)] and T_K(q) = E[s(sqrt(q) Z)^2] - sum_{k &lt;= K} a_k(q)^2 (Parseval),
 * <pre>
 * E[s(u)s(v)] = sum_k a_k(q1) a_k(q2) rho^k,   |sum_{k &gt; K} a_k(q1) a_k(q2) rho^k| &lt;= |rho|^(K+1) sqrt(T_K(q1) T_K(q2))
 * </pre>
 * (Cauchy-Schwarz), and the same with b_k for s'. An entry takes the smallest K &lt; {@value #TERMS} whose bound is
 * within half the tolerance {@value AdaptiveQuadrature#TOLERANCE} of sqrt(E[s(u)^2] E[s(v)^2]) for both sums: always
 * for weakly correlated pairs (|rho| &lt;= 0.9 needs at most 226 terms whatever the variance), and for any pair once the
 * coefficients decay.
 *
 * <p>Unlike {@link HermiteSeries} (a fixed Gauss-Hermite rule, exact only while s(sqrt(q) z) is close to a polynomial,
 * i.e. at moderate variances), the coefficients here come from composite 20-point Gauss-Legendre on [-16, 16] in
 * panels of 1/2, graded geometrically towards z = 0 down to the activation's width 1 / sqrt(q) there, so they are
 * accurate at any variance; the point's energy is checked against the same rule on halved panels (agreement to 1e-13
 * relative, else that point's entries go to quadrature). Coefficients are cached by variance.
 */
final class MehlerExpectation implements GaussianExpectation {

    /** Half the tolerance goes to truncation; the coefficients' own error (~1e-14 relative) is far below the rest. */
    static final double TRUNCATION = 0.5 * AdaptiveQuadrature.TOLERANCE;

    /** Most terms K + 1 an entry may use. */
    static final int TERMS = 256;

    private static final double RANGE = 16;
    private static final double PANEL = 0.5;
    private static final double[] X;
    private static final double[] W;

    static {
        GaussIntegrator g = new GaussIntegratorFactory().legendreHighPrecision(20, -1, 1);
        X = new double[g.getNumberOfPoints()];
        W = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            X[i] = g.getPoint(i);
            W[i] = g.getWeight(i);
        }
    }

    private final Activation s;
    private final AdaptiveQuadrature fallback;
    private final Map<Double, Coefficients> cache = new ConcurrentHashMap<>();

    /**
     * One variance's coefficients (k-major), tails T_K and energies, or {@code usable = false} when the energy check
     * failed.
     */
    private record Coefficients(double[] a, double[] b, double[] tailA, double[] tailB, double energyA, double energyB,
            boolean usable) {
    }

    MehlerExpectation(Activation s) {
        this.s = s;
        this.fallback = new AdaptiveQuadrature(s);
    }

    @Override
    public void apply(double[] q1, double[] q2, double[] k, double[] theta, int len, double[][] scratch) {
        for (int j = 0; j < len; j++) {
            Coefficients c1 = coefficients(q1[j]);
            Coefficients c2 = coefficients(q2[j]);
            double rho = GaussianExpectation.correlation(k[j], Math.sqrt(q1[j] * q2[j]));
            int terms = c1.usable() && c2.usable() ? terms(c1, c2, Math.abs(rho)) : -1;
            if (terms < 0) {
                double[] e = fallback.expectations(q1[j], q2[j], k[j]);
                k[j] = e[0];
                theta[j] *= e[1];
                continue;
            }
            double e = c1.a()[terms - 1] * c2.a()[terms - 1];
            double ed = c1.b()[terms - 1] * c2.b()[terms - 1];
            for (int t = terms - 2; t >= 0; t--) {
                e = Math.fma(e, rho, c1.a()[t] * c2.a()[t]);
                ed = Math.fma(ed, rho, c1.b()[t] * c2.b()[t]);
            }
            k[j] = e;
            theta[j] *= ed;
        }
    }

    /** The smallest K + 1 whose truncation bound is within tolerance for both sums, or -1. */
    private static int terms(Coefficients c1, Coefficients c2, double rho) {
        double budgetA = TRUNCATION * Math.sqrt(c1.energyA() * c2.energyA());
        double budgetB = TRUNCATION * Math.sqrt(c1.energyB() * c2.energyB());
        double power = rho; // rho^(K+1)
        for (int kk = 0; kk < TERMS; kk++) {
            if (power * Math.sqrt(c1.tailA()[kk] * c2.tailA()[kk]) <= budgetA
                    && power * Math.sqrt(c1.tailB()[kk] * c2.tailB()[kk]) <= budgetB) {
                return kk + 1;
            }
            power *= rho;
        }
        return -1;
    }

    private Coefficients coefficients(double q) {
        Coefficients c = cache.get(q);
        if (c == null) {
            if (cache.size() > 1 << 18) {
                cache.clear(); // bounded memory: 2^18 variances x 4 KB
            }
            c = compute(q);
            cache.put(q, c);
        }
        return c;
    }

    /** a_k, b_k for k &lt; TERMS at variance q by the graded composite rule, as the class comment says. */
    private Coefficients compute(double q) {
        double[][] rule = rule(q, false);
        double[] z = rule[0];
        double[] w = rule[1];
        int n = z.length;
        double root = Math.sqrt(q);
        double[] u = new double[n];
        for (int m = 0; m < n; m++) {
            u[m] = root * z[m];
        }
        double[] f = s.values(u);
        double[] g = s.derivatives(u);
        double[] a = new double[TERMS];
        double[] b = new double[TERMS];
        double energyA = 0;
        double energyB = 0;
        double[] psi = new double[TERMS];
        for (int m = 0; m < n; m++) {
            double sqrtPhi = Math.exp(-0.25 * z[m] * z[m]) / Math.pow(2 * Math.PI, 0.25);
            double wf = w[m] * sqrtPhi * f[m];
            double wg = w[m] * sqrtPhi * g[m];
            energyA += wf * sqrtPhi * f[m];
            energyB += wg * sqrtPhi * g[m];
            // psi_k = h_k sqrt(phi): psi_{k+1} = (z psi_k - sqrt(k) psi_{k-1}) / sqrt(k + 1); phi h_k = sqrt(phi) psi_k
            double prev = 0;
            double cur = sqrtPhi;
            for (int k = 0; k < TERMS; k++) {
                psi[k] = cur;
                double next = (z[m] * cur - SQRT[k] * prev) / SQRT[k + 1];
                prev = cur;
                cur = next;
            }
            for (int k = 0; k < TERMS; k++) {
                a[k] += wf * psi[k];
                b[k] += wg * psi[k];
            }
        }
        if (!Double.isFinite(energyA) || !Double.isFinite(energyB)) {
            return new Coefficients(a, b, a, b, 0, 0, false);
        }
        boolean usable = agrees(energyA, energyB, q);
        return new Coefficients(a, b, tails(a, energyA), tails(b, energyB), energyA, energyB, usable);
    }

    /** The energies again on halved panels: agreement to 1e-13 relative (1e-300 absolute). */
    private boolean agrees(double energyA, double energyB, double q) {
        double[][] rule = rule(q, true);
        double root = Math.sqrt(q);
        double[] u = new double[rule[0].length];
        for (int m = 0; m < u.length; m++) {
            u[m] = root * rule[0][m];
        }
        double[] f = s.values(u);
        double[] g = s.derivatives(u);
        double ea = 0;
        double eb = 0;
        for (int m = 0; m < u.length; m++) {
            double phi = Math.exp(-0.5 * rule[0][m] * rule[0][m]) / Math.sqrt(2 * Math.PI);
            ea += rule[1][m] * phi * f[m] * f[m];
            eb += rule[1][m] * phi * g[m] * g[m];
        }
        return Math.abs(ea - energyA) <= 1e-13 * Math.abs(ea) + 1e-300 && Math.abs(eb - energyB) <= 1e-13 * Math.abs(eb) + 1e-300;
    }

    /**
     * T_K = E - sum_{k &lt;= K} c_k^2, not below the round-off of the sums (1e-15 E): an upper bound of the true tail
     * up to the coefficients' own error.
     */
    private static double[] tails(double[] c, double energy) {
        double[] t = new double[TERMS];
        double rest = energy;
        for (int k = 0; k < TERMS; k++) {
            rest -= c[k] * c[k];
            t[k] = Math.max(rest, 0) + 1e-15 * energy;
        }
        return t;
    }

    /** Nodes and weights: panels of PANEL on [-RANGE, RANGE], graded towards 0 down to 1 / sqrt(q); halved if asked. */
    private static double[][] rule(double q, boolean halved) {
        double finest = Math.min(PANEL, 1 / Math.sqrt(Math.max(q, 1e-300))) / 4;
        java.util.TreeSet<Double> set = new java.util.TreeSet<>();
        for (int i = (int) Math.round(-RANGE / PANEL); i <= Math.round(RANGE / PANEL); i++) {
            set.add(i * PANEL);
        }
        for (double t = PANEL / 2; t >= finest; t /= 2) {
            set.add(t);
            set.add(-t);
        }
        List<Double> ends = new ArrayList<>(set);
        int panels = ends.size() - 1;
        int per = halved ? 2 : 1;
        double[] z = new double[panels * per * X.length];
        double[] w = new double[z.length];
        int at = 0;
        for (int p = 0; p < panels; p++) {
            double lo = ends.get(p);
            double hi = ends.get(p + 1);
            double step = (hi - lo) / per;
            for (int h = 0; h < per; h++) {
                double a = lo + h * step;
                for (int i = 0; i < X.length; i++) {
                    z[at] = a + 0.5 * step * (X[i] + 1);
                    w[at++] = 0.5 * step * W[i];
                }
            }
        }
        return new double[][] {z, w};
    }

    private static final double[] SQRT = new double[TERMS + 1];

    static {
        for (int k = 0; k <= TERMS; k++) {
            SQRT[k] = Math.sqrt(k);
        }
    }
}
