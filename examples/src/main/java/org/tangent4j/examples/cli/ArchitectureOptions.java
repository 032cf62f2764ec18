package org.tangent4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.layers.Network;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The architecture options shared by {@code kernel}, {@code train} and {@code predict}: a fully-connected stack by
 * flags, or any architecture by {@code --arch FILE.json} (not both).
 */
public final class ArchitectureOptions {

    /** The flags that describe a fully-connected stack, which --arch replaces. */
    private static final List<String> STACK_FLAGS = List.of("--depth", "--activation", "--w-std", "--b-std");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "3",
            description = "hidden layers: Dense, then L times (activation, Dense) (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "relu, erf, identity, abs, leaky-relu:ALPHA, tanh, sigmoid, gelu, sin, softplus, erf:A,B,C"
                    + " (A erf(B u) + C), piecewise-linear:A,B (A min(u, 0) + B max(u, 0)) (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--w-std", paramLabel = "W", defaultValue = "1.0", description = "weight scale w_std (default: ${DEFAULT-VALUE})")
    double wStd;

    @Option(names = "--b-std", paramLabel = "B", defaultValue = "0.1", description = "bias scale b_std (default: ${DEFAULT-VALUE})")
    double bStd;

    @Option(names = "--arch", paramLabel = "FILE.json", description = "an architecture file (convolutions, pooling,"
            + " residual blocks; docs/architectures.md) instead of --depth/--activation/--w-std/--b-std; inputs may then"
            + " be [N, d], [N, L, C] or [N, H, W, C]")
    Path archFile;

    /** Whether the architecture comes from --arch. */
    boolean fromFile() {
        return archFile != null;
    }

    /** The described stack (NTK parameterization); each option is checked and reported by its flag. */
    public DenseStack stack() {
        UserInput.atLeast("--depth", depth, 0);
        Checks.nonNegative("--w-std", wStd);
        Checks.nonNegative("--b-std", bStd);
        var parsed = UserInput.naming(java.util.Map.of("activation", "--activation"), () -> Activations.parse(activation));
        return DenseStack.fullyConnected(depth, parsed, wStd, bStd);
    }

    /**
     * The network of the --arch file.
     *
     * @throws IllegalArgumentException if a flag of the fully-connected stack was given too (naming it), or the file
     *     cannot be read or is not a valid architecture file (naming --arch, the file, the layer and the value)
     */
    Network network() {
        List<String> given = new ArrayList<>();
        if (command != null && command.commandLine() != null && command.commandLine().getParseResult() != null) {
            for (String flag : STACK_FLAGS) {
                if (command.commandLine().getParseResult().hasMatchedOption(flag)) {
                    given.add(flag);
                }
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--arch " + archFile + " together with " + String.join(", ", given)
                    + ": the architecture file describes every layer; expected either --arch or the flags of a"
                    + " fully-connected stack (--depth, --activation, --w-std, --b-std), not both");
        }
        return ArchitectureKernels.read(archFile);
    }

    /** What the architecture is, for the notes of output tables. */
    String describe() {
        return fromFile() ? "--arch " + archFile
                : "depth " + depth + ", " + activation + ", w_std " + wStd + ", b_std " + bStd;
    }
}
