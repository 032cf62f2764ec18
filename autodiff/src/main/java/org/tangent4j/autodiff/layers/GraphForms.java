package org.tangent4j.autodiff.layers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.activation.SameDiffActivation;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.layers.AvgPool;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.FanInConcat;
import org.tangent4j.core.layers.FanInSum;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.Identity;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.LayerException;
import org.tangent4j.core.layers.LayerNorm;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Residual;
import org.tangent4j.core.layers.Serial;
import org.tangent4j.core.layers.Shape;

/**
 * The SameDiff forms of the stock layers of {@code core.layers}, looked up by the layer's class; a user registers
 * the form of another core layer class with {@link #register} (or lets the layer implement {@link GraphLayer}).
 *
 * <p>Conventions (the finite networks whose infinite-width limits {@code core.layers} computes): NHWC values;
 * dense weights [n_in, n_out]; conv weights [FH, FW, C_in, C_out] (HWIO), 1-D convolutions as 2-D ones with a
 * filter [F, 1]; biases [n_out]. NTK parameterization: W, b ~ N(0, 1) and z = (w_std / sqrt(fan-in)) x*W + b_std b;
 * standard: W ~ N(0, w_std^2 / fan-in), b ~ N(0, b_std^2), z = x*W + b (fan-in = F C_in). CIRCULAR padding gathers
 * the wrapped rows and columns, then a VALID convolution; average pooling is a convolution with the constant
 * weights I_C / F (zero-padded taps count in F); layer-norm uses the channel mean and (biased) variance.
 */
public final class GraphForms {

    private static final Map<Class<?>, GraphForm<?>> FORMS = new ConcurrentHashMap<>();

    static {
        register(Dense.class, GraphForms::dense);
        register(Conv.class, GraphForms::conv);
        register(AvgPool.class, GraphForms::avgPool);
        register(GlobalAvgPool.class, GraphForms::globalAvgPool);
        register(Flatten.class, (l, g, x, in) -> x.reshape(-1, (long) in.positions() * in.channels()));
        register(LayerNorm.class, GraphForms::layerNorm);
        register(Identity.class, (l, g, x, in) -> x);
        register(Elementwise.class, (l, g, x, in) -> SameDiffActivation.expressionOf(l.activation()).apply(x));
        register(Serial.class, GraphForms::serial);
        register(FanInSum.class, (l, g, x, in) -> sum(branches(l.branches(), g, x, in)));
        register(FanInConcat.class, (l, g, x, in) -> g.graph().concat(in.rank() + 1,
                branches(l.branches(), g, x, in).toArray(new SDVariable[0])));
        register(Residual.class, (l, g, x, in) -> x.add(l.block() instanceof Serial s ? serial(s, g, x, in)
                : g.layer("block", l.block(), x, in)));
    }

    private GraphForms() {
    }

    /** Registers (or replaces) the SameDiff form of a class of core layers. */
    public static <L extends Layer> void register(Class<L> type, GraphForm<L> form) {
        FORMS.put(type, form);
    }

    @SuppressWarnings("unchecked")
    static SDVariable build(Layer layer, GraphBuilder g, SDVariable x, Shape in) {
        GraphForm<Layer> form = (GraphForm<Layer>) FORMS.get(layer.getClass());
        if (form == null) {
            throw new LayerException("layer " + layer.getClass().getName() + " has no SameDiff form: expected it to"
                    + " implement autodiff.layers.GraphLayer, or a form registered with GraphForms.register");
        }
        return form.build(layer, g, x, in);
    }

    private static SDVariable serial(Serial s, GraphBuilder g, SDVariable x, Shape in) {
        SDVariable h = x;
        Shape shape = in;
        for (int i = 0; i < s.layers().size(); i++) {
            Layer l = s.layers().get(i);
            h = g.layer("layers." + i, l, h, shape);
            shape = l.outputShape(shape);
        }
        return h;
    }

    private static List<SDVariable> branches(List<Layer> branches, GraphBuilder g, SDVariable x, Shape in) {
        SDVariable[] out = new SDVariable[branches.size()];
        for (int b = 0; b < out.length; b++) {
            out[b] = g.layer("branches." + b, branches.get(b), x, in);
        }
        return List.of(out);
    }

    private static SDVariable sum(List<SDVariable> v) {
        SDVariable s = v.get(0);
        for (int b = 1; b < v.size(); b++) {
            s = s.add(v.get(b));
        }
        return s;
    }

    private static SDVariable dense(Dense d, GraphBuilder g, SDVariable x, Shape in) {
        int nIn = in.channels();
        int nOut = d.width();
        boolean ntk = d.parameterization() == Parameterization.NTK;
        double w = d.wStd() / Math.sqrt(nIn);
        SDVariable z = x.mmul(g.parameter("W", ntk ? 1 : w, nIn, nOut));
        if (ntk) {
            z = z.mul(w);
        }
        return d.bStd() > 0 ? z.add(bias(g, ntk, d.bStd(), nOut)) : z;
    }

    private static SDVariable bias(GraphBuilder g, boolean ntk, double bStd, int n) {
        SDVariable b = g.parameter("b", ntk ? 1 : bStd, n);
        return ntk ? b.mul(bStd) : b;
    }

    /** [N, L, C] as [N, L, 1, C] so that 1-D layers are 2-D ones with extent 1. */
    private static int[] asTwoD(int[] v, int fill) {
        return v.length == 2 ? v : new int[] {v[0], fill};
    }

    private static SDVariable conv(Conv c, GraphBuilder g, SDVariable x, Shape in) {
        int[] sp = in.spatial();
        int[] f = c.filter();
        int[] s = c.strides();
        Shape out = c.outputShape(in);
        int cin = in.channels();
        int cout = c.width();
        boolean ntk = c.parameterization() == Parameterization.NTK;
        int taps = f.length == 2 ? f[0] * f[1] : f[0];
        double w = c.wStd() / Math.sqrt((double) taps * cin);
        int[] f2 = asTwoD(f, 1);
        SDVariable weights = g.parameter("W", ntk ? 1 : w, f2[0], f2[1], cin, cout);
        SDVariable z = convolve(g.graph(), asNhwc(x, sp, cin), weights, sp, f, s, c.padding());
        if (ntk) {
            z = z.mul(w);
        }
        if (c.bStd() > 0) {
            z = z.add(bias(g, ntk, c.bStd(), cout));
        }
        return sp.length == 2 ? z : z.reshape(-1, out.extent(0), cout);
    }

    private static SDVariable asNhwc(SDVariable x, int[] sp, int c) {
        return sp.length == 2 ? x : x.reshape(-1, sp[0], 1, c);
    }

    /** conv(x, W) in NHWC / HWIO, CIRCULAR by gathering the wrapped positions first. */
    private static SDVariable convolve(SameDiff sd, SDVariable x, SDVariable w, int[] sp, int[] f, int[] s, Padding p) {
        int[] n2 = asTwoD(sp, 1);
        int[] f2 = asTwoD(f, 1);
        int[] s2 = asTwoD(s, 1);
        SDVariable in = x;
        PaddingMode mode = p == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID;
        if (p == Padding.CIRCULAR) {
            for (int a = 0; a < 2; a++) {
                int out = p.outputExtent(n2[a], f2[a], s2[a]);
                int len = (out - 1) * s2[a] + f2[a];
                in = wrap(sd, in, a + 1, n2[a], p.before(n2[a], f2[a], s2[a]), len);
            }
        }
        Conv2DConfig cfg = Conv2DConfig.builder().kH(f2[0]).kW(f2[1]).sH(s2[0]).sW(s2[1]).dH(1).dW(1)
                .paddingMode(mode).dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.YXIO).build();
        return sd.cnn().conv2d(in, w, cfg);
    }

    /**
     * Positions floorMod(t - before, n), t = 0 .. len-1, along {@code axis}: the input padded periodically, as a
     * concatenation of contiguous slices (not {@code gather}: SameDiff 1.0.0-M2.1's Gather gradient names a variable
     * "transposeConcat" and fails on the second such op in a graph).
     */
    private static SDVariable wrap(SameDiff sd, SDVariable x, int axis, int n, int before, int len) {
        List<SDVariable> parts = new java.util.ArrayList<>();
        int t = 0;
        while (t < len) {
            int start = Math.floorMod(t - before, n);
            int count = Math.min(n - start, len - t);
            if (start == 0 && count == n && len == n) {
                return x;
            }
            org.nd4j.autodiff.samediff.SDIndex[] idx = new org.nd4j.autodiff.samediff.SDIndex[4];
            for (int a = 0; a < 4; a++) {
                idx[a] = a == axis ? org.nd4j.autodiff.samediff.SDIndex.interval(start, start + count)
                        : org.nd4j.autodiff.samediff.SDIndex.all();
            }
            parts.add(x.get(idx));
            t += count;
        }
        return parts.size() == 1 ? parts.get(0) : sd.concat(axis, parts.toArray(new SDVariable[0]));
    }

    private static SDVariable avgPool(AvgPool a, GraphBuilder g, SDVariable x, Shape in) {
        int[] sp = in.spatial();
        int[] f = a.window();
        int c = in.channels();
        int[] f2 = asTwoD(f, 1);
        int size = f2[0] * f2[1];
        INDArray k = Nd4j.zeros(DataType.DOUBLE, f2[0], f2[1], c, c);
        for (int i = 0; i < f2[0]; i++) {
            for (int j = 0; j < f2[1]; j++) {
                for (int ch = 0; ch < c; ch++) {
                    k.putScalar(new long[] {i, j, ch, ch}, 1.0 / size);
                }
            }
        }
        SDVariable kv = g.graph().constant(k);
        SDVariable z = convolve(g.graph(), asNhwc(x, sp, c), kv, sp, f, a.strides(), a.padding());
        return sp.length == 2 ? z : z.reshape(-1, a.outputShape(in).extent(0), c);
    }

    private static SDVariable globalAvgPool(GlobalAvgPool l, GraphBuilder g, SDVariable x, Shape in) {
        int p = in.positions();
        SDVariable flat = x.reshape(-1, p, in.channels());
        // a reduction over an axis of length 1 throws in SameDiff 1.0.0-M2.1
        return p == 1 ? flat.reshape(-1, in.channels()) : flat.mean(1);
    }

    private static SDVariable layerNorm(LayerNorm l, GraphBuilder g, SDVariable x, Shape in) {
        int axis = in.rank() + 1;
        SDVariable centred = x.sub(x.mean(true, axis));
        SDVariable var = centred.mul(centred).mean(true, axis);
        return centred.div(g.graph().math.sqrt(var.add(l.eps())));
    }
}
