package org.tangent4j.core.limits;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.tangent4j.core.arch.Activation;

/**
 * Two-dimensional Gauss-Hermite quadrature of E[s(u)s(v)] and E[s'(u)s'(v)] for any activation. With
 * u = sqrt(2 q1) t, v = sqrt(2 q2) (rho t + sqrt(1 - rho^2) t') and Hermite nodes/weights (t_i, w_i) for the weight
 * exp(-t^2):
 * <pre>
 * E[g(u, v)] ~ (1 / pi) sum_i sum_j w_i w_j g(u(t_i), v(t_i, t_j))
 * </pre>
 * exact for polynomials of degree &lt; 2n in each variable. Convergence depends on the activation: measured against
 * the closed forms (3-layer networks), erf needs n = 150 for 1e-6 on the NNGP and 1e-4 on the NTK (its derivative
 * is a Gaussian narrower than the Hermite weight), and ReLU, whose kink allows only algebraic convergence, reaches
 * 5e-3 at n = 100. Smooth, slowly varying activations (tanh, GELU, softplus) converge much faster.
 */
final class QuadratureExpectation implements GaussianExpectation {

    private final Activation s;
    private final double[] t;
    private final double[] w;

    QuadratureExpectation(Activation s, int degree) {
        this.s = s;
        GaussIntegrator g = new GaussIntegratorFactory().hermite(degree);
        int n = g.getNumberOfPoints();
        this.t = new double[n];
        this.w = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = g.getPoint(i);
            w[i] = g.getWeight(i);
        }
    }

    @Override
    public void apply(double[] q1, double[] q2, double[] c, double[] theta, int len, double[][] scratch) {
        int n = t.length;
        double[] fu = new double[n];
        double[] du = new double[n];
        double cached = Double.NaN;
        for (int j = 0; j < len; j++) {
            if (!(q1[j] == cached)) { // s and s' at u's nodes, once per row (q1 is constant along a Gram row)
                cached = q1[j];
                double su = Math.sqrt(2 * cached);
                for (int a = 0; a < n; a++) {
                    fu[a] = s.value(su * t[a]);
                    du[a] = s.derivative(su * t[a]);
                }
            }
            double sv = Math.sqrt(2 * q2[j]);
            double rho = GaussianExpectation.correlation(c[j], Math.sqrt(q1[j] * q2[j]));
            double perp = Math.sqrt(1 - rho * rho);
            double e = 0;
            double ed = 0;
            for (int a = 0; a < n; a++) {
                double fv = 0;
                double dv = 0;
                for (int b = 0; b < n; b++) {
                    double v = sv * (rho * t[a] + perp * t[b]);
                    fv += w[b] * s.value(v);
                    dv += w[b] * s.derivative(v);
                }
                e += w[a] * fu[a] * fv;
                ed += w[a] * du[a] * dv;
            }
            c[j] = e / Math.PI;
            theta[j] *= ed / Math.PI;
        }
    }
}
