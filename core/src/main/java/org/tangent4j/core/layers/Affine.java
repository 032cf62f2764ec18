package org.tangent4j.core.layers;

import org.tangent4j.core.arch.Parameterization;

/** The scalars of an affine layer's kernel step, shared by {@link Dense} and {@link Conv}. */
final class Affine {

    private Affine() {
    }

    /**
     * K &lt;- w^2 K + b^2 after the spatial map, and Theta &lt;- w^2 Theta + K (NTK parameterization) or
     * Theta &lt;- fanIn K_old + w^2 Theta + [b_std &gt; 0] (standard parameterization, Sohl-Dickstein et al. 2020, as
     * neural-tangents: the tangent kernel of z = x W + b with W ~ N(0, w^2 / fanIn) grows with the fan-in).
     */
    static KernelState step(KernelState mapped, Parameterization p, double wStd, double bStd, int fanIn) {
        double w2 = wStd * wStd;
        double b2 = bStd * bStd;
        if (p == Parameterization.NTK) {
            return mapped.affine(w2, b2, w2, b2);
        }
        return mapped.affine(w2, b2, fanIn, bStd > 0 ? 1 : 0);
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
