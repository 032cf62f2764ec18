package org.tangent4j.core.limits;

/**
 * A vectorisable arcsine and arccosine for the per-entry loops of the closed-form kernels. On JDK 17
 * {@code Math.asin} is a JNI call into fdlibm (35-200 ns measured here) and a branching pure-Java arcsine (~15 ns)
 * cannot use SIMD; these are three branch-free loops over arrays, each small enough for HotSpot's superword pass to
 * emit AVX instructions.
 *
 * <p>Method (the reduction of fdlibm's asin and acos): for |x| &lt;= 1/2 the Maclaurin series
 * <pre>
 * asin x = x + x w sum_{k=1}^{24} c_k w^(k-1),   w = x^2 &lt;= 1/4,   c_k = (2k)! / (4^k (k!)^2 (2k + 1))
 * </pre>
 * and for |x| &gt; 1/2 the half-angle identities, with h = sqrt((1 - |x|) / 2) &lt;= 1/2 ((1 - |x|) is exact there,
 * Sterbenz) and the same series for asin h:
 * <pre>
 * asin |x| = pi/2 - 2 asin h,   acos |x| = 2 asin h,   and acos |x| = pi/2 - asin |x| for |x| &lt;= 1/2.
 * </pre>
 * The terms are positive and decreasing, so the omitted ones sum to less than c_25 w^25 / (1 - w) |x| &lt; 2.6e-18 |x|:
 * the error is that of the double arithmetic: within 3 ulp of fdlibm's asin and 2 ulp of its acos (itself within
 * 1 ulp) on a 1e-5 grid of [-1, 1], the 1000 doubles on either side of -1/2, 0 and 1/2 and the 1000 inside -1
 * and 1 (ArcsineTest). Both functions are exact at the points the kernels rely on: acos 1 = 0 (h = 0), asin 0 = 0,
 * and asin is odd.
 *
 * <p>Branches are selected by multiplying with 0 or 1 (exact), the flag taken with {@code Math.ceil}, which HotSpot 17
 * vectorises, and no loop holds more than a few operations, because HotSpot 17 leaves a loop with a larger body
 * scalar: measured on the branch selection of the ReLU closed form, 1.2 ns per entry with {@code Math.ceil} and the
 * work split into two loops, 3.1 ns with {@code Math.ceil} in one loop, 2.4-3.5 ns with the sign bit as a
 * {@code long}, {@code Math.signum}, {@code Math.copySign} or a comparison, split or not.
 *
 * <p>Loops that HotSpot 17 vectorises index every array from the same induction variable with no loop-invariant
 * offset and contain no branches or calls other than intrinsics; callers therefore pass arrays that start at 0.
 */
final class Arcsine {

    /** c_k = (2k)! / (4^k (k!)^2 (2k + 1)), k = 0..24: the Maclaurin coefficients of asin. */
    private static final double[] C = new double[25];

    static {
        double binomial = 1; // (2k)! / (4^k (k!)^2), by its ratio (2k + 1) / (2k + 2)
        for (int k = 0; k < C.length; k++) {
            C[k] = binomial / (2 * k + 1);
            binomial = binomial * (2 * k + 1) / (2 * k + 2);
        }
    }

    private Arcsine() {
    }

    /** y[j] &lt;- asin x[j] for j &lt; len, each x[j] in [-1, 1] (x unchanged). */
    static void asin(double[] x, double[] y, int len) {
        reduce(x, y, len);
        series(y, len);
        final double halfPi = 0.5 * Math.PI;
        for (int j = 0; j < len; j++) {
            double v = x[j];
            double far = Math.ceil(Math.abs(v) - 0.5); // 1 for |x| > 1/2, else 0
            double sign = 2 * Math.ceil(0.5 * v) - 1; // the sign of x where far is 1
            y[j] = far * (sign * (halfPi - 2 * y[j])) + (1 - far) * y[j];
        }
    }

    /** y[j] &lt;- acos |x[j]|, in [0, pi/2], for j &lt; len, each x[j] in [-1, 1] (x unchanged). */
    static void acosOfMagnitude(double[] x, double[] y, int len) {
        reduce(x, y, len);
        series(y, len);
        final double halfPi = 0.5 * Math.PI;
        for (int j = 0; j < len; j++) {
            double far = Math.ceil(Math.abs(x[j]) - 0.5);
            double a = y[j];
            y[j] = far * (2 * a) + (1 - far) * (halfPi - Math.abs(a));
        }
    }

    /** y[j] &lt;- h = sqrt((1 - |x|) / 2) where |x[j]| &gt; 1/2, else x[j]: the series' argument, in [-1/2, 1/2]. */
    private static void reduce(double[] x, double[] y, int len) {
        for (int j = 0; j < len; j++) {
            double v = x[j];
            double a = Math.abs(v);
            double far = Math.ceil(a - 0.5);
            double h = Math.sqrt((1 - a) * 0.5);
            y[j] = far * h + (1 - far) * v;
        }
    }

    /**
     * u[j] &lt;- asin u[j] for |u[j]| &lt;= 1/2 by the series of the class comment, Horner's scheme in w = u^2 with
     * fused multiply-adds.
     */
    private static void series(double[] u, int len) {
        final double c1 = C[1], c2 = C[2], c3 = C[3], c4 = C[4], c5 = C[5], c6 = C[6], c7 = C[7], c8 = C[8];
        final double c9 = C[9], c10 = C[10], c11 = C[11], c12 = C[12], c13 = C[13], c14 = C[14], c15 = C[15];
        final double c16 = C[16], c17 = C[17], c18 = C[18], c19 = C[19], c20 = C[20], c21 = C[21], c22 = C[22];
        final double c23 = C[23], c24 = C[24];
        for (int j = 0; j < len; j++) {
            double v = u[j];
            double w = v * v;
            double p = Math.fma(c24, w, c23);
            p = Math.fma(p, w, c22);
            p = Math.fma(p, w, c21);
            p = Math.fma(p, w, c20);
            p = Math.fma(p, w, c19);
            p = Math.fma(p, w, c18);
            p = Math.fma(p, w, c17);
            p = Math.fma(p, w, c16);
            p = Math.fma(p, w, c15);
            p = Math.fma(p, w, c14);
            p = Math.fma(p, w, c13);
            p = Math.fma(p, w, c12);
            p = Math.fma(p, w, c11);
            p = Math.fma(p, w, c10);
            p = Math.fma(p, w, c9);
            p = Math.fma(p, w, c8);
            p = Math.fma(p, w, c7);
            p = Math.fma(p, w, c6);
            p = Math.fma(p, w, c5);
            p = Math.fma(p, w, c4);
            p = Math.fma(p, w, c3);
            p = Math.fma(p, w, c2);
            p = Math.fma(p, w, c1);
            u[j] = Math.fma(v * w, p, v);
        }
    }
}
