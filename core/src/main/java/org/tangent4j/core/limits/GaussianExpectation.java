package org.tangent4j.core.limits;

/**
 * The two expectations an activation layer needs, for (u, v) ~ N(0, [[q1, c], [c, q2]]):
 * E[s(u) s(v)] (the new NNGP entry) and E[s'(u) s'(v)] (the factor of the NTK entry).
 * Implementations write both for a whole array of entries at once.
 */
interface GaussianExpectation {

    /**
     * For the entries i = from + j, j &lt; cols, of one row, with variances q1 (the row's) and q2[col0 + j] (the
     * column's) and covariance k[i], in place: k[i] &lt;- E[s(u)s(v)] and theta[i] &lt;- theta[i] E[s'(u)s'(v)].
     */
    void apply(double q1, double[] q2, int col0, double[] k, int from, int cols, double[] theta);

    /** The diagonal case u = v ~ N(0, q): E[s(u)^2] and E[s'(u)^2]. */
    double[] diagonal(double q);

    /** cos of the angle between u and v, c / sqrt(q1 q2); 0 when a variance is 0 (a zero input without bias). */
    static double correlation(double q1, double q2, double c) {
        double s = Math.sqrt(q1 * q2);
        if (s == 0) {
            return 0;
        }
        double rho = c / s;
        // |rho| <= 1 by Cauchy-Schwarz; only float round-off can push it past +-1 (by ~1e-16), and acos/asin of such a
        // value would be NaN. This bound is the mathematics, not a clip of data.
        return rho > 1 ? 1 : (rho < -1 ? -1 : rho);
    }
}
