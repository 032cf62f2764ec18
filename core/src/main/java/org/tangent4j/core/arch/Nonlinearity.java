package org.tangent4j.core.arch;

import java.util.Objects;

/**
 * An elementwise activation layer.
 *
 * @param activation sigma
 */
public record Nonlinearity(Activation activation) implements Layer {
    public Nonlinearity {
        Objects.requireNonNull(activation, "activation");
    }
}
