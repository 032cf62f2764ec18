package org.tangent4j.autodiff.tangent;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.core.testing.Numeric;

/** Graphs written directly in SameDiff, which no builder makes. */
final class Graphs {

    private Graphs() {
    }

    /** h = x W0 / sqrt(d); r = h + tanh(h W1 / sqrt(n) + b1) W2 / sqrt(n); f = r Wout / sqrt(n) + bout. */
    static SameDiffRealization residual(int d, int n, int k, long seed) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable w0 = sd.var("w0", Numeric.gaussian(seed, d, n));
        SDVariable w1 = sd.var("w1", Numeric.gaussian(seed + 1, n, n));
        SDVariable b1 = sd.var("b1", Numeric.gaussian(seed + 2, 1, n).reshape(n));
        SDVariable w2 = sd.var("w2", Numeric.gaussian(seed + 3, n, n));
        SDVariable wOut = sd.var("wout", Numeric.gaussian(seed + 4, n, k));
        SDVariable bOut = sd.var("bout", Numeric.gaussian(seed + 5, 1, k).reshape(k));
        SDVariable h = x.mmul(w0).mul(1 / Math.sqrt(d));
        SDVariable branch = sd.math.tanh(h.mmul(w1).mul(1 / Math.sqrt(n)).add(b1)).mmul(w2).mul(1 / Math.sqrt(n));
        SDVariable r = h.add(branch);
        SDVariable out = r.mmul(wOut).mul(1 / Math.sqrt(n)).add(bOut);
        return SameDiffRealization.of(sd, "x", out.name());
    }

    /**
     * A 1-D convolution with weight sharing: x [N, d] read as one channel of length d (NCW), c channels of a width-3
     * kernel (the same 3 weights at every position), tanh, flatten, dense readout; VALID (length d - 2) or CAUSAL
     * (length d).
     */
    static SameDiffRealization conv1d(int d, int c, int k, long seed, PaddingMode mode) {
        int len = mode == PaddingMode.VALID ? d - 2 : d;
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable kernel = sd.var("kernel", Numeric.gaussian(seed, 3, c).reshape(3, 1, c));
        SDVariable wOut = sd.var("wout", Numeric.gaussian(seed + 1, len * c, k));
        SDVariable seq = x.reshape(-1, 1, d);
        Conv1DConfig cfg = Conv1DConfig.builder().k(3).s(1).p(0).d(1).paddingMode(mode)
                .dataFormat(Conv1DConfig.NCW).build();
        SDVariable conv = sd.math.tanh(sd.cnn.conv1d(seq, kernel, cfg));
        SDVariable flat = conv.reshape(-1, (long) len * c);
        SDVariable out = flat.mmul(wOut).mul(1 / Math.sqrt(len * c));
        return SameDiffRealization.of(sd, "x", out.name());
    }

    /** {@link #conv1d(int, int, int, long, PaddingMode)} with VALID padding. */
    static SameDiffRealization conv1d(int d, int c, int k, long seed) {
        return conv1d(d, c, k, seed, PaddingMode.VALID);
    }

    /**
     * A hand-written conv2d in NCHW with its bias as the op's third input, explicit padding 1 (VALID mode), dilation 2
     * and strides (1, 2): x [N, 2 * 6 * 7] read as [N, 2, 6, 7], 3 channels of a 3 x 3 filter (HWIO), tanh, flatten
     * ([N, 3 * 4 * 3]), dense readout.
     */
    static SameDiffRealization conv2dNchw(int k, long seed) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2 * 6 * 7);
        SDVariable kernel = sd.var("kernel", Numeric.gaussian(seed, 9 * 2, 3).reshape(3, 3, 2, 3));
        SDVariable bias = sd.var("bias", Numeric.gaussian(seed + 1, 1, 3).reshape(3));
        SDVariable wOut = sd.var("wout", Numeric.gaussian(seed + 2, 36, k));
        Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(2).pH(1).pW(1).dH(2).dW(2)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
        SDVariable conv = sd.cnn.conv2d(x.reshape(-1, 2, 6, 7), kernel.mul(1 / Math.sqrt(18)), bias, cfg);
        SDVariable out = sd.math.tanh(conv).reshape(-1, 36).mmul(wOut).mul(1 / 6.0);
        return SameDiffRealization.of(sd, "x", out.name());
    }

    /** A cumulative sum over the batch before the readout: f(x_i) depends on the rows before it. */
    static SameDiffRealization batchCumulative(int d, int n, long seed) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable w0 = sd.var("w0", Numeric.gaussian(seed, d, n));
        SDVariable w1 = sd.var("w1", Numeric.gaussian(seed + 1, n, 1));
        SDVariable h = sd.math.tanh(x.mmul(w0));
        SDVariable mixed = sd.cumsum(h, false, false, 0);
        SDVariable out = mixed.mmul(w1);
        return SameDiffRealization.of(sd, "x", out.name());
    }
}
