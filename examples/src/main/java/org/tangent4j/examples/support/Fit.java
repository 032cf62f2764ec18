package org.tangent4j.examples.support;

/** Least-squares fits used to summarise scaling experiments. */
public final class Fit {

    private Fit() {
    }

    /** The slope b of log y = a + b log x by least squares (the exponent of a power law y ~ x^b). */
    public static double logLogSlope(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("x has " + x.length + " values and y " + y.length + ": expected the same number, at least 2");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += Math.log(x[i]) / x.length;
            my += Math.log(y[i]) / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return sxy / sxx;
    }
}
