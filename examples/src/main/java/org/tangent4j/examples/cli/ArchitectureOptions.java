package org.tangent4j.examples.cli;

import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.check.Checks;
import picocli.CommandLine.Option;

/** The fully-connected architecture options shared by {@code kernel}, {@code train} and {@code predict}. */
public final class ArchitectureOptions {

    @Option(names = "--depth", paramLabel = "L", defaultValue = "3",
            description = "hidden layers: Dense, then L times (activation, Dense) (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "relu, erf, identity, abs, leaky-relu:ALPHA, tanh, sigmoid, gelu, sin, softplus (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--w-std", paramLabel = "W", defaultValue = "1.0", description = "weight scale w_std (default: ${DEFAULT-VALUE})")
    double wStd;

    @Option(names = "--b-std", paramLabel = "B", defaultValue = "0.1", description = "bias scale b_std (default: ${DEFAULT-VALUE})")
    double bStd;

    /** The described stack (NTK parameterization); each option is checked and reported by its flag. */
    public DenseStack stack() {
        UserInput.atLeast("--depth", depth, 0);
        Checks.nonNegative("--w-std", wStd);
        Checks.nonNegative("--b-std", bStd);
        var parsed = UserInput.naming(java.util.Map.of("activation", "--activation"), () -> Activations.parse(activation));
        return DenseStack.fullyConnected(depth, parsed, wStd, bStd);
    }
}
