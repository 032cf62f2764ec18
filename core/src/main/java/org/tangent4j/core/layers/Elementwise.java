package org.tangent4j.core.layers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.limits.ExpectationMethod;
import org.tangent4j.core.limits.GaussianExpectation;

/**
 * An elementwise activation sigma. Infinite width, for each entry with (u, v) ~ N(0, [[q1, K], [K, q2]]) (q1, q2 the
 * two inputs' variances at the entry's positions): K' = E[sigma(u) sigma(v)], Theta' = Theta E[sigma'(u) sigma'(v)],
 * both from {@link GaussianExpectation#of}(sigma, AUTOMATIC). Only exact for Gaussian input values, so a non-Gaussian
 * input (after another activation, or after a sum one of whose branches ends in one) is refused.
 *
 * @param activation sigma
 */
public record Elementwise(Activation activation) implements EntryLayer {

    public Elementwise {
        Objects.requireNonNull(activation, "activation");
    }

    @Override
    public String name() {
        return "activation " + activation.id();
    }

    @Override
    public KernelState.Entries entries(Shape shape, boolean gaussian, boolean independent) {
        if (!gaussian) {
            throw new LayerException("activation '" + activation.id() + "' needs Gaussian pre-activations, but its input"
                    + " is not Gaussian (it follows an activation or a normalisation of one, or a sum with such a branch):"
                    + " the Gaussian expectation would be wrong there; expected a dense or conv layer before it");
        }
        GaussianExpectation e = GaussianExpectation.of(activation, ExpectationMethod.AUTOMATIC);
        return new KernelState.Entries(e::apply, false, false);
    }

    @Override
    public Optional<List<org.tangent4j.core.arch.Layer>> denseStages() {
        return Optional.of(List.of(new Nonlinearity(activation)));
    }
}
