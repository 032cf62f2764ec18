package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.activation.SameDiffActivation;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;

/**
 * Realizes a {@link DenseStack} as a SameDiff network at chosen widths.
 *
 * <p>Dense layer i maps h [N, n_i] to z [N, n_{i+1}]:
 * <ul>
 *   <li>NTK parameterization: z = (w_std / sqrt(n_i)) h W_i + b_std b_i with W_i, b_i ~ N(0, 1);</li>
 *   <li>standard parameterization: z = h W_i + b_i with W_i ~ N(0, w_std^2 / n_i), b_i ~ N(0, b_std^2).</li>
 * </ul>
 * A Dense with b_std = 0 has no bias parameter. Nonlinearities become graph operations through
 * {@link SameDiffActivation#expressionOf}. The input placeholder is {@value #INPUT}; parameters are named after the
 * layer's place j in the stack ({@code layers.j.W}, {@code layers.j.b}, the names the same network has as a
 * {@code core.layers.Network} realized by {@code autodiff.layers.LayerNetwork}, which is the same function of the
 * same parameters to the last bit). Sampling uses one {@link GaussianDraws} stream seeded with {@code seed}, in the order
 * W_0, b_0, W_1, ... (each row-major): the same seed gives the same network on every platform.
 */
public final class DenseNetworks {

    /** The input placeholder's name. */
    public static final String INPUT = "x";

    private DenseNetworks() {
    }

    /**
     * Every hidden layer of width {@code width}.
     *
     * @param inputDim d
     * @param width n, the width of every hidden Dense output
     * @param outputDim k
     */
    public static DenseNetwork realize(DenseStack stack, int inputDim, int width, int outputDim, long seed) {
        Objects.requireNonNull(stack, "stack = null: expected a DenseStack");
        Checks.positive("width", width);
        int[] hidden = new int[stack.denseCount() - 1];
        Arrays.fill(hidden, width);
        return realize(stack, inputDim, hidden, outputDim, seed);
    }

    /**
     * Hidden widths given one per hidden Dense layer (denseCount - 1 of them).
     *
     * @throws IllegalArgumentException if the number of widths does not match the stack or a width is not positive
     */
    public static DenseNetwork realize(DenseStack stack, int inputDim, int[] hiddenWidths, int outputDim, long seed) {
        Objects.requireNonNull(stack, "stack = null: expected a DenseStack");
        Checks.positive("inputDim", inputDim);
        Checks.positive("outputDim", outputDim);
        Objects.requireNonNull(hiddenWidths, "hiddenWidths = null: expected one width per Dense layer but the last");
        if (hiddenWidths.length != stack.denseCount() - 1) {
            throw new IllegalArgumentException("hiddenWidths = " + Arrays.toString(hiddenWidths) + ": expected "
                    + (stack.denseCount() - 1) + " widths (one per Dense layer but the last) for " + stack.layers());
        }
        int[] widths = new int[hiddenWidths.length + 2];
        widths[0] = inputDim;
        for (int i = 0; i < hiddenWidths.length; i++) {
            widths[i + 1] = Checks.positive("hiddenWidths[" + i + "]", hiddenWidths[i]);
        }
        widths[widths.length - 1] = outputDim;

        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder(INPUT, DataType.DOUBLE, -1, inputDim);
        List<String> params = new ArrayList<>();
        boolean ntk = stack.parameterization() == Parameterization.NTK;
        int i = 0;
        int j = 0;
        GaussianDraws rng = new GaussianDraws(seed);
        for (Layer layer : stack.layers()) {
            if (layer instanceof Dense dense) {
                int nIn = widths[i];
                int nOut = widths[i + 1];
                double wScale = dense.wStd() / Math.sqrt(nIn);
                INDArray w = rng.next(nIn, nOut);
                if (!ntk) {
                    w.muli(wScale);
                }
                SDVariable wv = sd.var("layers." + j + ".W", w);
                params.add(wv.name());
                SDVariable z = h.mmul(wv);
                if (ntk) {
                    z = z.mul(wScale);
                }
                if (dense.bStd() > 0) {
                    INDArray b = rng.next(nOut);
                    if (!ntk) {
                        b.muli(dense.bStd());
                    }
                    SDVariable bv = sd.var("layers." + j + ".b", b);
                    params.add(bv.name());
                    z = z.add(ntk ? bv.mul(dense.bStd()) : bv);
                }
                h = z;
                i++;
            } else if (layer instanceof Nonlinearity nl) {
                h = SameDiffActivation.expressionOf(nl.activation()).apply(h);
            }
            j++;
        }
        SDVariable out = h.mul(1.0);
        return new DenseNetwork(sd, INPUT, out.name(), params, stack, widths);
    }

    /**
     * Rebuilds a fully-connected network saved by {@link DenseNetwork#save(Path)} (or any saved network whose
     * {@code arch.json} is a dense stack on vectors): the architecture and widths from {@code arch.json}, the
     * parameters from the {@code .npy} files. Other saved networks load with {@code autodiff.layers.LayerNetwork.load}.
     *
     * @throws IOException if a file is missing
     * @throws IllegalArgumentException if the folder holds another architecture or a file does not match it
     */
    public static DenseNetwork load(Path dir) throws IOException {
        ParameterFiles.Saved saved = ParameterFiles.readArchitecture(dir);
        Path file = dir.resolve(ParameterFiles.ARCHITECTURE_FILE);
        DenseStack stack = saved.network().denseStack().orElseThrow(() -> new IllegalArgumentException(file
                + " describes a network that is not a fully-connected stack (" + saved.network().layers().size()
                + " layers): load it with autodiff.layers.LayerNetwork.load"));
        if (saved.input().rank() != 0) {
            throw new IllegalArgumentException(file + " has \"input\" " + saved.input() + ": expected [d] for a"
                    + " fully-connected network");
        }
        List<Integer> widths = new ArrayList<>();
        for (org.tangent4j.core.layers.Layer l : saved.network().layers()) {
            if (l instanceof org.tangent4j.core.layers.Dense d) {
                widths.add(d.width());
            }
        }
        int[] hidden = new int[widths.size() - 1];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = widths.get(i);
        }
        DenseNetwork net = realize(stack, saved.input().channels(), hidden, widths.get(widths.size() - 1), 0);
        ParameterFiles.load(net, dir);
        return net;
    }
}
