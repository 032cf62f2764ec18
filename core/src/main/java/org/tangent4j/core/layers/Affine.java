package org.tangent4j.core.layers;

import org.tangent4j.core.arch.Parameterization;

/** The scalars of an affine layer's kernel step, shared by {@link Dense} and {@link Conv}. */
final class Affine {

    private Affine() {
    }

    /**
     * K &lt;- w2 K + b2, Theta &lt;- w2 Theta + a K_old + c on entries that a linear spatial map has just produced
     * (K_old the mapped NNGP).
     */
    record Step(double w2, double b2, double a, double c) {

        /**
         * For e in [from, to): with the mapped values m_K = scale k[e] and m_T = scale t[e] (scale = 1/F for the mean
         * over F filter taps, 1 for no map), t[e] &lt;- w2 m_T + a m_K + c and k[e] &lt;- w2 m_K + b2; t may be null
         * (cov1, cov2: no NTK).
         */
        void apply(double scale, double[] k, double[] t, int from, int to) {
            if (t != null) {
                for (int e = from; e < to; e++) {
                    double mk = k[e] * scale;
                    t[e] = w2 * (t[e] * scale) + a * mk + c;
                    k[e] = w2 * mk + b2;
                }
            } else {
                for (int e = from; e < to; e++) {
                    k[e] = w2 * (k[e] * scale) + b2;
                }
            }
        }
    }

    /**
     * The step after the spatial map: K &lt;- w^2 K + b^2, and Theta &lt;- w^2 Theta + K (NTK parameterization) or
     * Theta &lt;- fanIn K_old + w^2 Theta + [b_std &gt; 0] (standard parameterization, Sohl-Dickstein et al. 2020, as
     * neural-tangents: the tangent kernel of z = x W + b with W ~ N(0, w^2 / fanIn) grows with the fan-in).
     */
    static Step step(Parameterization p, double wStd, double bStd, int fanIn) {
        double w2 = wStd * wStd;
        double b2 = bStd * bStd;
        if (p == Parameterization.NTK) {
            return new Step(w2, b2, w2, b2);
        }
        return new Step(w2, b2, fanIn, bStd > 0 ? 1 : 0);
    }

    /** {@link #step} applied to every entry of a state (no spatial map). */
    static KernelState step(KernelState mapped, Parameterization p, double wStd, double bStd, int fanIn) {
        Step s = step(p, wStd, bStd, fanIn);
        return mapped.affine(s.w2(), s.b2(), s.a(), s.c());
    }

    /** The fan-in a standard-parameterization layer needs, or a message saying which width is missing. */
    static int fanIn(Parameterization p, Shape in, int taps) {
        if (p == Parameterization.STANDARD && !in.hasChannels()) {
            throw new LayerException("the standard-parameterization NTK depends on the input width, which is not set:"
                    + " expected a width on the layer before (a \"width\" field, or --width)");
        }
        return in.channels() * taps;
    }
}
