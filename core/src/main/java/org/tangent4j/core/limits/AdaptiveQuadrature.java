package org.tangent4j.core.limits;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tangent4j.core.arch.Activation;

/**
 * E[s(u)s(v)] and E[s'(u)s'(v)] for any activation and any covariance, by nested globally adaptive Gauss-Kronrod
 * quadrature with a guaranteed-by-estimate tolerance: both results are within {@value #TOLERANCE} of
 * sqrt(E[s(u)^2] E[s(v)^2]) and of sqrt(E[s'(u)^2] E[s'(v)^2]) respectively, as estimated per panel from the
 * Kronrod rule's difference to its embedded Gauss rule (QUADPACK's qk15 estimate), or an
 * {@link ArithmeticException} names the covariance it could not integrate. Measured against a graded
 * Gauss-Legendre reference and closed forms at variances 1e-4 ... 1e4: errors below 2e-12 of that scale.
 *
 * <p>With the outer variable the one of larger variance, u = sqrt(q1) z and v | u ~ N(m, sigma^2),
 * m = (c / q1) u, sigma^2 = q2 - c^2 / q1:
 * <pre>
 * E[A(u) B(v)] = int phi(z) A(sqrt(q1) z) G(z) dz,     G(z) = int phi(w) B(m + sigma w) dw      (A, B = s or s')
 * </pre>
 * over |z|, |w| &lt;= {@value #RANGE} (the Gaussian mass beyond is below 1e-18; an activation whose growth makes
 * that tail matter is refused). Both integrals start from panels split where the integrand has its features (the
 * activation's at u = 0 and v = 0, at widths 1 / sqrt(q1) and 1 / sigma in z and w, and the Gaussian's), then
 * bisect the panel of largest estimated error until the sum of estimates meets the budget. The inner integral at an
 * outer node z gets the budget the outer sum can afford there: an error delta(z) changes the outer integral by at
 * most 2 RANGE max_z phi(z) |A(u)| |delta(z)|, so nodes far out in the Gaussian tail are integrated coarsely. At
 * sigma = 0 (u and v fully correlated, as on a Gram diagonal) G = B(m) and the integral is one-dimensional.
 *
 * <p>This is the method of last resort: it is exact for every input it accepts, but costs 10^3-10^5 activation
 * evaluations per entry, against K + 1 multiply-adds for the Hermite series where that converges.
 */
final class AdaptiveQuadrature implements GaussianExpectation {

    /** Relative accuracy of both expectations (see the class comment for what it is relative to). */
    static final double TOLERANCE = 1e-10;

    /** Integration range in standard deviations. */
    static final double RANGE = 10;

    /** Most panels one integral may use before it is declared not to converge. */
    static final int MAX_PANELS = 2000;

    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** Gauss-Kronrod 15-point abscissae on [-1, 1] (the positive half, descending; 0 last) and weights. */
    private static final double[] XK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0};
    private static final double[] WK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    /** Gauss 7-point weights of the abscissae XK[1], XK[3], XK[5], XK[7]. */
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
    /** The 15 abscissae in the order of {@link #nodes}. */
    private static final double[] X15 = new double[15];

    static {
        for (int i = 0; i < 7; i++) {
            X15[i] = -XK[i];
            X15[14 - i] = XK[i];
        }
        X15[7] = 0;
    }

    private final Activation s;
    /** E[s(u)^2] and E[s'(u)^2] by variance: rows of a Gram matrix share them. */
    private final Map<Double, double[]> energies = new ConcurrentHashMap<>();

    AdaptiveQuadrature(Activation s) {
        this.s = s;
    }

    @Override
    public void apply(double[] q1, double[] q2, double[] k, double[] theta, int len, double[][] scratch) {
        for (int j = 0; j < len; j++) {
            double[] e = expectations(q1[j], q2[j], k[j]);
            k[j] = e[0];
            theta[j] *= e[1];
        }
    }

    /**
     * {E[s(u)s(v)], E[s'(u)s'(v)]} for (u, v) ~ N(0, [[q1, c], [c, q2]]).
     *
     * @throws ArithmeticException naming the covariance when the tolerance cannot be met
     */
    double[] expectations(double q1, double q2, double c) {
        double big = Math.max(q1, q2); // the outer variable has the larger variance: |c| / big <= 1
        double small = Math.min(q1, q2);
        if (big == 0) {
            double a = s.value(0);
            double b = s.derivative(0);
            return new double[] {a * a, b * b};
        }
        double bound = Math.sqrt(big * small);
        double cc = Math.min(Math.max(c, -bound), bound); // |c| <= sqrt(q1 q2) up to round-off
        try {
            double[] e1 = energy(big);
            double[] e2 = energy(small);
            double[] budget = {TOLERANCE * Math.sqrt(e1[0] * e2[0]), TOLERANCE * Math.sqrt(e1[1] * e2[1])};
            return integrate(new Outer(big, small, cc, budget), breakpoints(0, 1 / Math.sqrt(big)), budget);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("E[s(u)s(v)], E[s'(u)s'(v)] of activation " + s.id() + " at variances q1 = "
                    + q1 + ", q2 = " + q2 + ", covariance c = " + c + ": " + e.getMessage());
        }
    }

    /** {E[s(u)^2], E[s'(u)^2]} at variance q, to 1e-6 relative (they only scale the tolerance). */
    private double[] energy(double q) {
        return energies.computeIfAbsent(q, v -> {
            if (v == 0) {
                double a = s.value(0);
                double b = s.derivative(0);
                return new double[] {a * a, b * b};
            }
            double root = Math.sqrt(v);
            Integrand squares = (z, f, g) -> {
                double[] u = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    u[i] = root * z[i];
                }
                double[] a = s.values(u);
                double[] b = s.derivatives(u);
                for (int i = 0; i < z.length; i++) {
                    double p = phi(z[i]);
                    f[i] = p * a[i] * a[i];
                    g[i] = p * b[i] * b[i];
                }
            };
            double[] ends = breakpoints(0, 1 / root);
            return integrate(squares, ends, new double[] {-1e-6, -1e-6}); // positive integrands: relative budgets
        });
    }

    /** A vector integrand: f and g (the NNGP and NTK parts) at the nodes z, evaluated in one batch. */
    private interface Integrand {
        void at(double[] z, double[] f, double[] g);
    }

    /** The outer integrand phi(z) A(sqrt(q1) z) G(z), with G by an inner adaptive integral at every node. */
    private final class Outer implements Integrand {
        private final double root1;
        private final double slope;
        private final double sigma;
        private final double[] budget;

        Outer(double q1, double q2, double c, double[] budget) {
            this.root1 = Math.sqrt(q1);
            this.slope = c / root1; // m = (c / q1) u = (c / sqrt(q1)) z
            this.sigma = Math.sqrt(Math.max(0, q2 - c * (c / q1)));
            this.budget = budget;
        }

        @Override
        public void at(double[] z, double[] f, double[] g) {
            int n = z.length;
            double[] u = new double[n];
            double[] mean = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = root1 * z[i];
                mean[i] = slope * z[i];
            }
            double[] a = s.values(u);
            double[] b = s.derivatives(u);
            if (sigma == 0) { // v = m exactly
                double[] av = s.values(mean);
                double[] bv = s.derivatives(mean);
                for (int i = 0; i < n; i++) {
                    double p = phi(z[i]);
                    f[i] = p * a[i] * av[i];
                    g[i] = p * b[i] * bv[i];
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                double p = phi(z[i]);
                double[] inner = {innerBudget(budget[0], p * Math.abs(a[i])), innerBudget(budget[1], p * Math.abs(b[i]))};
                double[] gz = integrate(new Inner(mean[i], sigma), breakpoints(-mean[i] / sigma, 1 / sigma), inner);
                f[i] = p * a[i] * gz[0];
                g[i] = p * b[i] * gz[1];
            }
        }
    }

    /**
     * An inner error delta at an outer node of weight phi(z) |A| moves the outer integral by at most
     * 2 RANGE phi(z) |A| delta: a tenth of the outer budget is left for the inner integrals.
     */
    private static double innerBudget(double outer, double weight) {
        return weight > 0 ? 0.1 * outer / (2 * RANGE * weight) : Double.POSITIVE_INFINITY;
    }

    /** The inner integrand phi(w) B(m + sigma w). */
    private final class Inner implements Integrand {
        private final double mean;
        private final double sigma;

        Inner(double mean, double sigma) {
            this.mean = mean;
            this.sigma = sigma;
        }

        @Override
        public void at(double[] w, double[] f, double[] g) {
            int n = w.length;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = mean + sigma * w[i];
            }
            double[] a = s.values(v);
            double[] b = s.derivatives(v);
            for (int i = 0; i < n; i++) {
                double p = phi(w[i]);
                f[i] = p * a[i];
                g[i] = p * b[i];
            }
        }
    }

    /**
     * The two integrals of fn over [ends[0], ends[last]], globally adaptive: the panels between the given ends are
     * integrated by the 15-point Kronrod rule with |K15 - G7| as error estimate, and the panel of largest error
     * relative to its part's budget is bisected until both sums of estimates are within budget. The integrand at the
     * two ends bounds the Gaussian tail beyond them (|f| / RANGE, Mills' ratio); a tail above a twentieth of the
     * budget is refused.
     *
     * @throws ArithmeticException if {@value #MAX_PANELS} panels do not suffice, the tail is too heavy, or a value is
     *     not finite
     */
    private static double[] integrate(Integrand fn, double[] ends, double[] budget) {
        int panels = ends.length - 1;
        int cap = Math.max(2 * panels, 16);
        double[] lo = new double[cap];
        double[] hi = new double[cap];
        double[][] val = new double[2][cap];
        double[][] err = new double[2][cap];
        double[] z = new double[15 * panels + 2];
        for (int p = 0; p < panels; p++) {
            nodes(ends[p], ends[p + 1], z, 15 * p);
            lo[p] = ends[p];
            hi[p] = ends[p + 1];
        }
        z[15 * panels] = ends[0];
        z[15 * panels + 1] = ends[panels];
        double[] f = new double[z.length];
        double[] g = new double[z.length];
        fn.at(z, f, g);
        double[] b0 = new double[2];
        double[] total = new double[2];
        double[] totalErr = new double[2];
        for (int p = 0; p < panels; p++) {
            rule(f, g, 15 * p, hi[p] - lo[p], val, err, p);
            for (int part = 0; part < 2; part++) {
                total[part] += val[part][p];
                totalErr[part] += err[part][p];
            }
        }
        boolean relative = budget[0] < 0;
        for (int part = 0; part < 2; part++) {
            b0[part] = Math.max(relative ? -budget[part] * Math.abs(total[part]) : budget[part], Double.MIN_NORMAL);
        }
        for (int part = 0; part < 2; part++) {
            double[] h = part == 0 ? f : g;
            double tail = (Math.abs(h[15 * panels]) + Math.abs(h[15 * panels + 1])) / RANGE;
            if (!(tail <= 0.05 * b0[part])) {
                throw new ArithmeticException(Double.isFinite(tail)
                        ? "the Gaussian tail beyond " + RANGE + " standard deviations is " + tail + ", above the error budget "
                            + b0[part] + " (an activation growing this fast at this variance is not supported)"
                        : "the activation is not finite at the nodes");
            }
        }
        double[] zz = new double[30];
        double[] ff = new double[30];
        double[] gg = new double[30];
        while (!(totalErr[0] <= b0[0] && totalErr[1] <= b0[1])) {
            if (!Double.isFinite(totalErr[0] + totalErr[1])) {
                throw new ArithmeticException("the activation is not finite at the nodes");
            }
            if (panels >= MAX_PANELS) {
                throw new ArithmeticException("adaptive quadrature did not reach the error budget " + Arrays.toString(b0)
                        + " within " + MAX_PANELS + " panels (estimated errors " + Arrays.toString(totalErr) + ")");
            }
            int worst = 0;
            double most = -1;
            for (int p = 0; p < panels; p++) {
                double r = Math.max(err[0][p] / b0[0], err[1][p] / b0[1]);
                if (r > most) {
                    most = r;
                    worst = p;
                }
            }
            if (panels + 1 > lo.length) {
                int n = 2 * lo.length;
                lo = Arrays.copyOf(lo, n);
                hi = Arrays.copyOf(hi, n);
                for (int part = 0; part < 2; part++) {
                    val[part] = Arrays.copyOf(val[part], n);
                    err[part] = Arrays.copyOf(err[part], n);
                }
            }
            double a = lo[worst];
            double c = hi[worst];
            double mid = 0.5 * (a + c);
            nodes(a, mid, zz, 0);
            nodes(mid, c, zz, 15);
            fn.at(zz, ff, gg);
            for (int part = 0; part < 2; part++) {
                total[part] -= val[part][worst];
                totalErr[part] -= err[part][worst];
            }
            hi[worst] = mid;
            lo[panels] = mid;
            hi[panels] = c;
            rule(ff, gg, 0, mid - a, val, err, worst);
            rule(ff, gg, 15, c - mid, val, err, panels);
            for (int part = 0; part < 2; part++) {
                total[part] += val[part][worst] + val[part][panels];
                totalErr[part] += err[part][worst] + err[part][panels];
            }
            panels++;
            for (int part = 0; part < 2 && relative; part++) {
                b0[part] = Math.max(-budget[part] * Math.abs(total[part]), Double.MIN_NORMAL);
            }
        }
        // The running sums could carry round-off from many subtractions: sum the accepted panels afresh.
        double[] sum = new double[2];
        for (int part = 0; part < 2; part++) {
            for (int p = 0; p < panels; p++) {
                sum[part] += val[part][p];
            }
        }
        return sum;
    }

    /** The 15 Kronrod nodes of [a, b] into z[at .. at + 14]. */
    private static void nodes(double a, double b, double[] z, int at) {
        double mid = 0.5 * (a + b);
        double half = 0.5 * (b - a);
        for (int i = 0; i < 15; i++) {
            z[at + i] = mid + half * X15[i];
        }
    }

    /**
     * K15 of both parts on one panel of the given width from values at {@link #nodes}, and its error estimate as in
     * QUADPACK's qk15: e = |K15 - G7| min(1, (200 |K15 - G7| / r)^1.5) with r = int |f - mean f| by the Kronrod rule
     * (the Kronrod result converges much faster than the Gauss one, so the raw difference overstates its error).
     */
    private static void rule(double[] f, double[] g, int at, double width, double[][] val, double[][] err, int p) {
        double half = 0.5 * width;
        for (int part = 0; part < 2; part++) {
            double[] h = part == 0 ? f : g;
            double k = WK[7] * h[at + 7];
            double gauss = WG[3] * h[at + 7];
            for (int i = 0; i < 7; i++) {
                double pair = h[at + i] + h[at + 14 - i];
                k += WK[i] * pair;
                if (i % 2 == 1) {
                    gauss += WG[i / 2] * pair;
                }
            }
            double mean = 0.5 * k;
            double spread = WK[7] * Math.abs(h[at + 7] - mean);
            for (int i = 0; i < 7; i++) {
                spread += WK[i] * (Math.abs(h[at + i] - mean) + Math.abs(h[at + 14 - i] - mean));
            }
            double e = Math.abs(half * (k - gauss));
            double r = Math.abs(half) * spread;
            if (r != 0 && e != 0) {
                e = r * Math.min(1, Math.pow(200 * e / r, 1.5));
            }
            val[part][p] = half * k;
            err[part][p] = e;
        }
    }

    /** Panel ends every integral starts from: the range and the Gaussian's centre. */
    private static final double[] GAUSSIAN_POINTS = {-RANGE, RANGE, 0};

    /**
     * Ratio of successive initial panel ends around a feature. Without them the first panels can straddle a feature
     * so narrow that the Kronrod estimate misses it (measured: errors of 1.5e-3 estimated as within 1e-10).
     */
    private static final double GROWTH = 6;

    private static double phi(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /**
     * Panel ends on [-RANGE, RANGE] for an integrand with a Gaussian of unit width at 0 and a feature of the given
     * width at {@code center} (the activation's, at u = 0 or v = 0): 0, the ends, and center +- width GROWTH^j for
     * every j &gt;= 0 inside the range.
     */
    static double[] breakpoints(double center, double width) {
        double[] p = new double[48];
        int n = 0;
        for (double g : GAUSSIAN_POINTS) {
            p[n++] = g;
        }
        if (Math.abs(center) < RANGE) {
            p[n++] = center;
            for (double t = width; t < 2 * RANGE && n < p.length - 1; t *= GROWTH) {
                p[n++] = center - t;
                p[n++] = center + t;
            }
        }
        return Arrays.stream(p, 0, n).filter(x -> x >= -RANGE && x <= RANGE).sorted().distinct().toArray();
    }
}
