package org.tangent4j.autodiff.layers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tangent4j.autodiff.realization.ParameterFiles;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/**
 * A {@link Network} realized as a SameDiff network at a chosen width: a {@link SameDiffRealization} of the
 * {@link LayerGraph}, whose input rows are the inputs flattened row-major ([N, H W C] for NHWC images, [N, L C] for
 * signals, [N, d] for vectors). The same description gives the infinite-width kernels ({@code network().kernels}).
 */
public final class LayerNetwork extends SameDiffRealization {

    private final LayerGraph built;

    private LayerNetwork(LayerGraph g) {
        super(g.graph(), LayerGraph.INPUT, g.output(), names(g.parameters()));
        this.built = g;
    }

    private static List<String> names(List<GraphBuilder.Parameter> p) {
        List<String> out = new ArrayList<>();
        for (GraphBuilder.Parameter q : p) {
            out.add(q.name());
        }
        return out;
    }

    /** See {@link LayerGraph#build}; the gradient function is built once, here. */
    public static LayerNetwork realize(Network network, Shape input, int width, int outputs, long seed) {
        return new LayerNetwork(LayerGraph.build(network, input, width, outputs, seed));
    }

    /** The description, with the widths it was realized at. */
    public Network network() {
        return built.network();
    }

    /** The per-input shape. */
    public Shape inputShape() {
        return built.inputShape();
    }

    /**
     * Saves the network into a folder (created if needed): one {@code <name>.npy} per parameter ({@code layers.2.W}:
     * dense [n_in, n_out], conv [FH, FW, C_in, C_out]; {@code layers.2.b}: [n_out]) and the description with every
     * width and the input shape as {@code arch.json} ({@link ParameterFiles}); {@link #load} reads it back.
     */
    public synchronized void save(Path dir) throws IOException {
        ParameterFiles.save(this, network(), inputShape(), dir);
    }

    /**
     * Rebuilds a network saved by {@link #save} or {@code DenseNetwork.save}: the same graph (the same function of
     * the same parameters, to the last bit) with the parameters read from the folder. A user's activation (e.g. a
     * SameDiff expression) must be registered with {@code ArchitectureFile.registerActivation} first.
     *
     * @throws IOException if {@code arch.json} or a parameter file is missing
     * @throws IllegalArgumentException if a file does not match the description (naming the file)
     */
    public static LayerNetwork load(Path dir) throws IOException {
        ParameterFiles.Saved saved = ParameterFiles.readArchitecture(dir);
        Network network = saved.network();
        Shape out;
        try {
            out = network.outputShape(saved.input());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(ParameterFiles.ARCHITECTURE_FILE) + ": " + e.getMessage(), e);
        }
        if (out.rank() != 0 || !out.hasChannels() || !network.root().withDefaultWidth(1).equals(network.root())) {
            throw new IllegalArgumentException(dir.resolve(ParameterFiles.ARCHITECTURE_FILE) + ": expected a \"width\" on"
                    + " every dense and conv layer and a vector output (the form LayerNetwork.save writes); output shape "
                    + out);
        }
        LayerNetwork f = realize(network, saved.input(), 1, out.channels(), 0);
        ParameterFiles.load(f, dir);
        return f;
    }

    /** Draws every parameter afresh with {@code seed} (see {@link LayerGraph#reinitialise}). */
    public synchronized void reinitialise(long seed) {
        built.reinitialise(seed);
    }
}
