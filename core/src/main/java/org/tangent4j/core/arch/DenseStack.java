package org.tangent4j.core.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The description of a fully-connected network, independent of its width: a sequence of {@link Dense} and
 * {@link Nonlinearity} layers and a {@link Parameterization}. The same object is realized as a finite
 * SameDiff network ({@code autodiff}) and gives its infinite-width NNGP and NTK kernels ({@code core.limits}).
 *
 * @param layers the stages in order; at least one {@link Dense}, and the last stage is a {@link Dense}
 *     (the network output f_theta is a pre-activation, as in Jacot et al. 2018)
 * @param parameterization NTK (default) or standard
 */
public record DenseStack(List<Layer> layers, Parameterization parameterization) {

    public DenseStack {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(parameterization, "parameterization");
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Dense)) {
            throw new IllegalArgumentException(
                    "layers = " + layers + ": expected a non-empty list whose last layer is a Dense");
        }
    }

    /**
     * Dense, then {@code depth} times (activation, Dense), NTK parameterization: {@code depth} hidden layers
     * and depth + 1 weight matrices. Every Dense has the same w_std and b_std.
     *
     * @throws IllegalArgumentException if depth &lt; 0 or a scale is negative or not finite
     */
    public static DenseStack fullyConnected(int depth, Activation activation, double wStd, double bStd) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth = " + depth + ": expected depth >= 0 (the number of hidden layers)");
        }
        Objects.requireNonNull(activation, "activation");
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(wStd, bStd));
        for (int l = 0; l < depth; l++) {
            layers.add(new Nonlinearity(activation));
            layers.add(new Dense(wStd, bStd));
        }
        return new DenseStack(layers, Parameterization.NTK);
    }

    /** The same layers in another parameterization. */
    public DenseStack withParameterization(Parameterization p) {
        return new DenseStack(layers, p);
    }

    /** The number of Dense layers (weight matrices). */
    public int denseCount() {
        return (int) layers.stream().filter(Dense.class::isInstance).count();
    }
}
