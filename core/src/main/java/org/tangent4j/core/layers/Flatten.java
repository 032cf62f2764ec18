package org.tangent4j.core.layers;

/**
 * All positions and channels as one vector of P C features (row-major, channels last). Infinite width: the next
 * layer's (1 / (P C)) sum over features gives K' = (1/P) sum_p K(p, p), Theta' likewise: only the spatial diagonal
 * is read.
 */
public record Flatten() implements Layer {

    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.vector(input.hasChannels() ? input.positions() * input.channels() : Shape.UNSET);
    }

    @Override
    public KernelState kernel(KernelState input) {
        Shape out = outputShape(input.shape());
        int p = input.positions();
        boolean full = input.fullSpatial();
        return input.mapPairs(out, false, (in, inOff, o, outOff) -> {
            double s = 0;
            for (int u = 0; u < p; u++) {
                s += in[inOff + (full ? u * p + u : u)];
            }
            o[outOff] = s / p;
        });
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return false;
    }
}
