package org.tangent4j.core.layers;

import java.util.List;

/**
 * x -&gt; x + block(x): a {@link FanInSum} of {@link Identity} and the block. Infinite width: K' = K + K_block,
 * Theta' = Theta + Theta_block, exact when the block ends with fresh zero-mean weights (an affine layer); a block that
 * ends otherwise is refused, and so is an activation after a residual sum whose input was not Gaussian.
 *
 * @param block the residual branch (usually a {@link Serial})
 */
public record Residual(Layer block) implements Layer {

    public Residual {
        if (block == null) {
            throw new IllegalArgumentException("block = null: expected the residual branch");
        }
    }

    /** x + serial(layers)(x). */
    public static Residual of(Layer... layers) {
        return new Residual(Serial.of(layers));
    }

    private FanInSum sum() {
        return new FanInSum(List.of(new Identity(), block));
    }

    @Override
    public String name() {
        return "residual";
    }

    @Override
    public Shape outputShape(Shape input) {
        try {
            return sum().outputShape(input);
        } catch (LayerException e) {
            throw unwrap(e);
        }
    }

    @Override
    public KernelState kernel(KernelState input) {
        try {
            return sum().kernel(input);
        } catch (LayerException e) {
            throw unwrap(e);
        }
    }

    /** Paths inside the block read as in the file: {@code layers[i]} rather than {@code branches[1].layers[i]}. */
    private static LayerException unwrap(LayerException e) {
        String p = e.path();
        if (p.startsWith("branches[1].")) {
            LayerException inner = new LayerException(e.detail());
            return inner.within(p.substring("branches[1].".length()), e.layer());
        }
        return e;
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        return sum().needsFullSpatial(outputNeedsFull);
    }

    @Override
    public Layer withDefaultWidth(int width) {
        return new Residual(block.withDefaultWidth(width));
    }
}
