package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tangent4j.core.arch.DenseStack;

/**
 * A {@link DenseStack} realized at finite widths on SameDiff (built by {@link DenseNetworks}). Dense layer i
 * (counting Dense layers from 0) owns the parameters {@code layer{i}.W} of shape [n_i, n_{i+1}] and, when its
 * b_std &gt; 0, {@code layer{i}.b} of shape [n_{i+1}]; widths n_0 = d, ..., n_L = k.
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

    /**
     * Saves the parameters as {@code layer{i}.W.npy} / {@code layer{i}.b.npy} and the architecture as
     * {@code params.json} into a folder (created if needed); {@link DenseNetworks#load(Path)} reads it back.
     */
    public synchronized void save(Path dir) throws IOException {
        ParameterFiles.save(this, dir);
        DenseNetworks.writeDescription(this, dir.resolve(DenseNetworks.DESCRIPTION_FILE));
    }
}
