package org.tangent4j.core.layers;

/**
 * The mean over all positions, per channel: y = (1/P) sum_p x(p), a vector of C features. Infinite width:
 * K' = (1/P^2) sum_{p, q} K(p, q), Theta' likewise; needs every pair of positions of its input.
 */
public record GlobalAvgPool() implements Layer {

    @Override
    public String name() {
        return "global-avg-pool";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() == 0) {
            throw new LayerException("global-avg-pool on a vector input " + input + ": expected an image or a signal");
        }
        return Shape.vector(input.channels());
    }

    @Override
    public KernelState kernel(KernelState input) {
        Shape out = outputShape(input.shape());
        int p = input.positions();
        if (p > 1 && !input.fullSpatial()) {
            throw new LayerException("needs the covariances between all pairs of positions, but the state keeps only the"
                    + " spatial diagonal: expected a state built with fullSpatial = true (Architecture decides this)");
        }
        double inv = 1.0 / ((double) p * p);
        int r = KernelState.rowWidth(input.shape());
        // a symmetric block is summed from its upper block triangle (all a state may hold, see upperOnly): the
        // entries of p's own image row once, those after it twice
        return input.mapBlocks(out, false, (k, t, inOff, ko, to, outOff, self, sink) -> {
            ko[outOff] = inv * (self ? upperSum(k, inOff, p, r) : blockSum(k, inOff, p));
            if (t != null) {
                to[outOff] = inv * (self ? upperSum(t, inOff, p, r) : blockSum(t, inOff, p));
            }
        }, true, input.gaussian(), input.independent());
    }

    /** v[off] + ... + v[off + n - 1]. */
    private static double sum(double[] v, int off, int n) {
        double s = 0;
        for (int e = 0; e < n; e++) {
            s += v[off + e];
        }
        return s;
    }

    /** sum_{p, q} B(p, q) of a p x p block, row sums first (rounding error O((p + p) eps), not O(p^2 eps)). */
    private static double blockSum(double[] v, int off, int p) {
        double s = 0;
        for (int u = 0; u < p; u++) {
            s += sum(v, off + u * p, p);
        }
        return s;
    }

    /**
     * sum_{p, q} B(p, q) of a symmetric p x p block B from the entries q &gt;= rowStart(p) of each row (rowStart(p) =
     * p - p mod r): sum_p [sum_{rowStart(p) &lt;= q &lt; rowStart(p) + r} B(p, q) + 2 sum_{q &gt;= rowStart(p) + r} B(p, q)].
     */
    private static double upperSum(double[] v, int off, int p, int r) {
        double s = 0;
        for (int u = 0; u < p; u++) {
            int q0 = u - u % r;
            int row = off + u * p;
            s += sum(v, row + q0, r) + 2 * sum(v, row + q0 + r, p - q0 - r);
        }
        return s;
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return true;
    }
}
