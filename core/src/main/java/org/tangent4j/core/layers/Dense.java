package org.tangent4j.core.layers;

import java.util.List;
import java.util.Optional;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;

/**
 * A fully-connected layer on vectors. NTK parameterization: z = (w_std / sqrt(n_in)) x W + b_std b, W, b standard
 * normal; infinite width: K' = w_std^2 K + b_std^2, Theta' = w_std^2 Theta + K'. Standard parameterization:
 * z = x W + b, W ~ N(0, w_std^2 / n_in), b ~ N(0, b_std^2); K' as before, Theta' = n_in K + w_std^2 Theta + [b_std &gt; 0]
 * (depends on the width n_in of the layer before).
 *
 * <p>Defined on vectors only: on an image or a signal use a 1x1 {@link Conv} (position by position) or a
 * {@link Flatten} / {@link GlobalAvgPool} first.
 *
 * @param wStd w_std &gt;= 0
 * @param bStd b_std &gt;= 0 (0: no bias parameter)
 * @param width n_out, or {@link Shape#UNSET} to choose it when the network is realized
 * @param parameterization NTK or standard
 */
public record Dense(double wStd, double bStd, int width, Parameterization parameterization) implements Layer {

    public Dense {
        Checks.nonNegative("wStd", wStd);
        Checks.nonNegative("bStd", bStd);
        if (width < 0) {
            throw new IllegalArgumentException("width = " + width + ": expected > 0, or 0 (unset)");
        }
        if (parameterization == null) {
            throw new IllegalArgumentException("parameterization = null: expected NTK or STANDARD");
        }
    }

    /** NTK parameterization, width chosen when realized. */
    public Dense(double wStd, double bStd) {
        this(wStd, bStd, Shape.UNSET, Parameterization.NTK);
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 0) {
            throw new LayerException("dense on an input of shape " + input + " (spatial): a dense layer is defined on"
                    + " vectors; expected a flatten or global-avg-pool before it, or a 1x1 conv");
        }
        return Shape.vector(width);
    }

    @Override
    public KernelState kernel(KernelState input) {
        Shape out = outputShape(input.shape());
        int fanIn = Affine.fanIn(parameterization, input.shape(), 1);
        return Affine.step(input, parameterization, wStd, bStd, fanIn).withShape(out);
    }

    @Override
    public Layer withDefaultWidth(int w) {
        return width == Shape.UNSET ? new Dense(wStd, bStd, Checks.positive("width", w), parameterization) : this;
    }

    @Override
    public Layer withOutputWidth(int w) {
        return new Dense(wStd, bStd, Checks.positive("width", w), parameterization);
    }

    @Override
    public Optional<List<org.tangent4j.core.arch.Layer>> denseStages() {
        return Optional.of(List.of(new org.tangent4j.core.arch.Dense(wStd, bStd)));
    }
}
