package org.tangent4j.core.layers;

import java.util.List;
import java.util.Optional;

/** x -&gt; x: the shortcut branch of a residual block. */
public record Identity() implements Layer {

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public KernelState kernel(KernelState input) {
        return input;
    }

    @Override
    public Optional<List<org.tangent4j.core.arch.Layer>> denseStages() {
        return Optional.of(List.of());
    }
}
