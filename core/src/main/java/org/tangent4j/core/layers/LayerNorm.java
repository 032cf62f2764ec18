package org.tangent4j.core.layers;

/**
 * Normalisation over the channels at each position: y(p) = (x(p) - mean_c x(p)) / sqrt(var_c x(p) + eps).
 * Infinite width, for Gaussian (zero-mean) input values the channel mean vanishes and the channel variance is
 * K(x, p; x, p): K'(x, p; x', q) = K / sqrt((q1 + eps)(q2 + eps)), Theta' = Theta / sqrt((q1 + eps)(q2 + eps)) with
 * q1 = K(x, p; x, p), q2 = K(x', q; x', q) (as neural-tangents). Refuses a non-Gaussian input (after an activation
 * the channel mean does not vanish and this limit does not hold).
 *
 * @param eps eps &gt;= 0 added to the variance
 */
public record LayerNorm(double eps) implements EntryLayer {

    /** The default eps, 1e-12. */
    public static final double DEFAULT_EPS = 1e-12;

    public LayerNorm {
        org.tangent4j.core.check.Checks.nonNegative("eps", eps);
    }

    /** eps = {@link #DEFAULT_EPS}. */
    public LayerNorm() {
        this(DEFAULT_EPS);
    }

    @Override
    public String name() {
        return "layer-norm";
    }

    @Override
    public KernelState.Entries entries(Shape shape, boolean gaussian, boolean independent) {
        if (!gaussian) {
            throw new LayerException("layer-norm needs Gaussian (zero-mean) input values, but its input is not Gaussian"
                    + " (it follows an activation): its infinite-width limit is known only for Gaussian inputs; expected"
                    + " a dense or conv layer before it");
        }
        return new KernelState.Entries((q1, q2, k, t, len, scratch) -> {
            for (int j = 0; j < len; j++) {
                double s = 1 / Math.sqrt((q1[j] + eps) * (q2[j] + eps));
                k[j] *= s;
                t[j] *= s;
            }
        }, true, independent);
    }
}
