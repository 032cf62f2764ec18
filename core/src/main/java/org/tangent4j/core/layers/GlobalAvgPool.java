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
        return input.mapPairs(out, false, (in, inOff, o, outOff) -> {
            double s = 0;
            for (int e = 0; e < p * p; e++) {
                s += in[inOff + e];
            }
            o[outOff] = s * inv;
        });
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return true;
    }
}
