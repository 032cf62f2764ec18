package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/**
 * A {@link DenseStack} realized at finite widths on SameDiff (built by {@link DenseNetworks}). The Dense layer at
 * place j of the stack (its i-th Dense, counting from 0) owns the parameters {@code layers.j.W} of shape
 * [n_i, n_{i+1}] and, when its b_std &gt; 0, {@code layers.j.b} of shape [n_{i+1}]; widths n_0 = d, ..., n_L = k.
 */
public final class DenseNetwork extends SameDiffRealization {

    private final DenseStack stack;
    private final int[] widths;

    DenseNetwork(SameDiff sd, String input, String output, List<String> parameters, DenseStack stack, int[] widths) {
        super(sd, input, output, parameters);
        this.stack = stack;
        this.widths = widths.clone();
    }

    /** The width-independent description this network realizes. */
    public DenseStack stack() {
        return stack;
    }

    /** The layer widths n_0 = d, n_1, ..., n_L = k. */
    public int[] widths() {
        return widths.clone();
    }

    /** The stack as a {@code core.layers.Network} with the widths of this network (its {@code arch.json}). */
    public Network network() {
        List<Layer> layers = new ArrayList<>();
        int i = 0;
        for (Layer l : Network.of(stack).layers()) {
            layers.add(l instanceof Dense d ? new Dense(d.wStd(), d.bStd(), widths[++i], d.parameterization()) : l);
        }
        return Network.of(layers);
    }

    /**
     * Saves the network into a folder (created if needed): {@code layers.j.W.npy} / {@code layers.j.b.npy} and the
     * architecture file {@code arch.json} ({@link ParameterFiles#save(RealizationFunction, Network, Shape, Path)});
     * {@link DenseNetworks#load(Path)} and {@code LayerNetwork.load} read it back.
     */
    public synchronized void save(Path dir) throws IOException {
        ParameterFiles.save(this, network(), Shape.vector(widths[0]), dir);
    }
}
